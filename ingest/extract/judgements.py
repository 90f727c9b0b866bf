"""Judgements in running text: every body sentence that praises or criticises, with its topics and provider."""
from __future__ import annotations

import re

from ingest.extract.findings import Finding
from ingest.extract.meta import ReportMeta
from ingest.normalise import CleanLine
from ingest.sections import SectionTree
from ingest.text import split_sentences, word_count
from ingest.topics import topics_of

STATEMENT_LIST = "statement"

_CRITICISM = re.compile(
    r"\b(insufficient\w*|inadequate\w*|poor\w*|lack\w*|weak\w*|stretched|variable|inconsistent\w*|"
    r"limited|perfunctory|fail\w*|wanting|erratic|too (?:early|few|little|many|much|high|low|slow)|"
    r"absence of|concern\w*|unclear|patchy|gaps?|delay\w*|low|high levels|excessive|worrying|let down|short of|"
    r"shortfall|infrequent\w*|rarely|seldom|shortcoming\w*|shortage\w*|hamper\w*|undermin\w*|ineffective\w*|unsafe|"
    r"lapse\w*|neglect\w*|missed|backlog\w*|requires? improvement|room for improvement|struggl\w*|unable|"
    r"deficien\w*|problem\w*|overdue|unmet|underused|under-used|disappointing|needs? to (?:change|improve|be (?:addressed|improved))|"
    r"administrative tasks? rather than|not (?:always|routinely|consistently|sufficiently|enough|adequately|effectively|"
    r"fully|well|made|carried out|completed|undertaken|done|in place|available|used|clear)|no (?:evidence|up-to-date|"
    r"record|check|plan|assessment)|did not|was not|were not|had not|has not|have not|could not|less than half|"
    r"only (?:a|one|two|three|half|a third|a quarter|\d+|in)|just under|fewer than|minority of cases|"
    r"difficult\w*|underdevelop\w*|not yet|yet to|slow|little evidence|unsatisfactory|"
    r"should have|had to be|no longer|hindered|frustrat\w*|confus\w*|unaware|reluctan\w*)\b",
    re.I,
)
_PRAISE = re.compile(
    r"\b(strong\w*|good|effective\w*|well[- ](?:led|managed|motivated|trained|established|understood|informed|embedded)|"
    r"impressive\w*|comprehensive|improv(?:ed|ing|ement)s?|responsive|appropriate(?:ly)?|prioritised|promis\w*|"
    r"positive\w*|excellent|robust|thorough\w*|high-quality|high quality|innovative|commend\w*|praise\w*|"
    r"exemplary|outstanding|encourag\w*|proactive\w*|sufficient(?:ly)?|timely|valued|refreshing|clear strengths?|"
    r"well|in the (?:vast )?majority of cases|all (?:cases|staff)|committed|clear vision|sound|regular(?:ly)?|"
    r"benefit\w*|success\w*|highly|supportive|enthusias\w*|motivated|skilled|knowledgeable|confident|"
    r"constructive|meaningful|personalised|focused|helpful|accessible|creative|pioneering|welcome[sd]?)\b",
    re.I,
)
# A favourable word after these reads as unfavourable ("not sufficiently effective").
_NEGATOR = re.compile(r"\b(not|no|never|insufficiently|rarely|seldom|less|least|nor|without|lack of)\b(?:\W+\w+){0,2}\W*$",
                      re.I)
# An inspector's explicit verdict outweighs a circumstance ("should be commended for what it is achieving in
# difficult circumstances"): these words count twice.
_VERDICT = re.compile(r"\b(commend\w*|praise\w*|exemplary|outstanding|impressive\w*|excellent)\b", re.I)
_CONTRAST = re.compile(r"\b(but|however|although|though|whilst|while|yet|despite)\b", re.I)
_SKIP_SECTIONS = re.compile(r"glossary|abbreviations|acronyms|methodology|contents|acknowledgements|"
                            r"role of hmi probation|scoring approach|inspection model", re.I)


def sentence_polarity(text: str) -> str:
    """Returns "weakness", "strength", "mixed" or "neutral" for one sentence."""
    criticism = len(_CRITICISM.findall(text))
    praise = 0
    for match in _PRAISE.finditer(text):
        if _NEGATOR.search(text[: match.start()][-40:]):
            criticism += 1
        else:
            praise += 2 if _VERDICT.fullmatch(match.group(0)) else 1
    if criticism and praise:
        # The clause after "but"/"however" carries the point.
        parts = _CONTRAST.split(text)
        tail = parts[-1] if len(parts) > 1 else ""
        if tail:
            tail_criticism = len(_CRITICISM.findall(tail))
            tail_praise = len(_PRAISE.findall(tail))
            if tail_criticism > tail_praise:
                return "weakness"
            if tail_praise > tail_criticism:
                return "strength"
        # Inspection reports lead with what must change: a tie reads as criticism.
        return "weakness" if criticism >= praise else "strength"
    if criticism:
        return "weakness"
    if praise:
        return "strength"
    return "neutral"


def states_both(text: str) -> bool:
    """Whether a sentence both praises and criticises."""
    return bool(_CRITICISM.search(text)) and bool(_PRAISE.search(text))


_CONTRAST = re.compile(r"^(?:However|But|By contrast|In contrast|Conversely|Meanwhile|Whereas|While)\b|\bhowever\b|\bby contrast\b")


def provider_of_sentence(
    text: str, section_path: str, meta: ReportMeta, neighbours: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Returns the inspected providers a sentence is about: the one it names, else the one the sentences
    around it in its paragraph name ("Women's services were a clear strength. The CRC was resourcing …"),
    unless they turn to a contrast, else the one its section names, else all."""
    providers = meta.providers
    if len(providers) <= 1:
        return tuple(p.canonical for p in providers)
    around = tuple(n for n in neighbours if not _CONTRAST.search(n))
    for scope in (text, *around, section_path):
        lowered = scope.lower()
        crc = bool(re.search(r"\bcrcs?\b|community rehabilitation compan", lowered))
        nps = bool(re.search(r"\bnps\b|national probation service", lowered))
        if crc != nps:
            wanted = "CRC" if crc else "NPSDivision"
            chosen = tuple(p.canonical for p in providers if p.provider_type == wanted)
            if chosen:
                return chosen
    return tuple(p.canonical for p in providers)


def extract_judgements(
    lines: list[CleanLine], tree: SectionTree, meta: ReportMeta, listed_lines: set[int]
) -> list[Finding]:
    """Returns a finding for every body sentence that praises or criticises (lines of list findings excluded)."""
    skip = set(range(tree.contents_lines[0], tree.contents_lines[1] + 1)) if tree.contents_lines else set()
    judgements = []
    for line in lines:
        if line.number in skip or line.number in listed_lines or not line.text or len(line.cells) > 1:
            continue
        section = tree.section_at(line.number)
        if section is None or section.line == line.number:
            continue  # front matter and headings state no judgement
        path = " > ".join(section.path)
        if _SKIP_SECTIONS.search(path):
            continue
        sentences = split_sentences(line.text)
        for index, sentence in enumerate(sentences):
            text = sentence.text
            if word_count(text) < 6:
                continue
            polarity = sentence_polarity(text)
            if polarity == "neutral":
                continue
            judgements.append(
                Finding(
                    polarity=polarity,
                    text=text,
                    line=line.number,
                    list=STATEMENT_LIST,
                    standard_or_section=path,
                    topics=tuple(topics_of(text)),
                    end_line=line.number,
                    mixed=states_both(text),
                    providers=provider_of_sentence(text, path, meta, tuple(
                        s.text for s in (sentences[index + 1 : index + 2] + sentences[max(0, index - 1) : index]))),
                )
            )
    return judgements
