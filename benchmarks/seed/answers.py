"""Planning assessments, their answers and evidence."""

from __future__ import annotations

import itertools
import json
from typing import Any

from assessments.models import Answer, Question

from .constants import _DAY, _HOUR, _MINUTE
from .content import _ANSWERS, _CLASSIFICATIONS, _EVIDENCE_NAMES, _GENERIC_ANSWER, _TYPES
from .helpers import _pick
from .records import _Assessment, _Feature, _Filing


class _Answers:
    """_Seeder's part that plans assessments, answers and evidence."""

    # --- Assessments, answers and evidence --------------------------------------------------
    def _assessments(self) -> None:
        rng = self.rng
        self.assessments: list[_Assessment] = []
        self.evidence_count = 0
        for feature in self.features:
            feature.assessments = []
            by_template: dict[int, list[_Filing]] = {}
            for f in feature.filings:
                by_template.setdefault(f.template.pk, []).append(f)
            for filings in by_template.values():
                a = _Assessment()
                a.id = len(self.assessments) + 1
                a.feature = feature
                a.filings = filings
                a.template = filings[0].template
                # The filing whose regime owns the questionnaire drives its answers.
                a.primary = next(
                    (f for f in filings if f.regime.template_code == f.regime.code), filings[0]
                )
                a.method = (
                    ("third_party", "China Cybersecurity Review Lab")
                    if rng.random() < 0.2
                    else ("self", "")
                )
                for f in filings:
                    f.assessment = a
                submissions = [r[3] for f in filings for r in f.revs]
                a.signed = max(submissions) - 10 * _MINUTE if submissions else None
                a.answers = self._answers(a, feature)
                self.assessments.append(a)
                feature.assessments.append(a)

    def _answers(self, a: _Assessment, feature: _Feature) -> list[tuple[Any, ...]]:
        """(answer id, question, base text, risk, final version, evidence) per question that
        carries evidence; evidence is [(id, uploaded, fragment, name, sha, size, type, class)]."""
        rng = self.rng
        questions = self.questions(a.template, feature.needs_ds)
        firsts = [f.first_sub for f in a.filings if f.first_sub]
        submitted = bool(firsts)
        lo = feature.created + _MINUTE
        hi = min(firsts) - _MINUTE if firsts else min(self.now - _HOUR, lo + 10 * _DAY)
        revs = a.primary.revs
        answers = []
        for q in questions:
            if not submitted and rng.random() < 0.4:
                continue  # a draft, partly answered
            variants = _ANSWERS.get(q.code) or [_GENERIC_ANSWER]
            base = rng.choice(variants).format(n=rng.randint(10000, 99999), v=rng.randint(1, 9))
            risk = _pick(rng, ((Answer.Rating.NONE, 40), (Answer.Rating.LOW, 40), ("medium", 20)))
            evidence = []
            if submitted or rng.random() < 0.7:
                first = lo + int((hi - lo) * rng.random()) if hi > lo else hi
                evidence.append(self._evidence(q, first))
            version = 0
            for previous, current in itertools.pairwise(revs):
                if q.code in current[4]:
                    version += 1
                    if rng.random() < 0.35:
                        when = previous[3] + int((current[3] - previous[3]) * rng.uniform(0.3, 0.9))
                        evidence.append(self._evidence(q, when))
            answers.append((self.next_id("answer"), q, base, risk, version, evidence))
        return answers

    def _evidence(self, q: Question, uploaded: int) -> tuple[Any, ...]:
        rng = self.rng
        names = _EVIDENCE_NAMES.get(q.code) or [f"{q.code.lower()}-evidence.pdf"]
        name = rng.choice(names)
        kind = _TYPES.get(name.rpartition(".")[2], "application/pdf")
        sha = f"{rng.getrandbits(256):064x}"
        size = rng.randint(20_000, 8_000_000)
        classification = rng.choices(*_CLASSIFICATIONS)[0]
        fragment = (
            f'{{"classification":{json.dumps(str(classification))},'
            f'"name":{json.dumps(name, ensure_ascii=False)},"sha256":"{sha}",'
            f'"size":{size},"type":{json.dumps(kind)}}}'
        )
        self.evidence_count += 1
        return (self.next_id("evidence"), uploaded, fragment, name, sha, size, kind, classification)
