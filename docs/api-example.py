"""A platform's compliance script, from a planned feature to a submitted filing, through the
filing API (docs/api.md). tests/api/test_example.py runs it against a live server.

    export FILINGS_API=http://127.0.0.1:8000/api/v1  FILINGS_TOKEN=flt_...
    python docs/api-example.py register 7 "Voice rooms" procedure.pdf
    # platform 7: register the feature, answer every question, attach procedure.pdf where
    # a question needs evidence; then the operator's signatory signs in the browser

    python docs/api-example.py submit 42                  # filing 42: submit, read its state
    python docs/api-example.py follow 42                  # its state, each office's decision
    python docs/api-example.py follow 42 --every 600      # ... asked again every 10 minutes
                                                          # until the regulators have decided

Every write carries an Idempotency-Key, kept across retries: a request whose answer was lost
(a timeout, a dropped connection) is sent again with the same key and is done only once.
Needs only `requests`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import requests

# Dates are counted in China Standard Time, as the system counts them.
CHINA = ZoneInfo("Asia/Shanghai")
SAMPLE_ANSWERS = {
    "text": "Described in our moderation procedure, version 3.",
    "yes_no": True,
    "number": 12,
}


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(
        self, method: str, path: str, body: Any = None, attempts: int = 4, file: Any = None
    ) -> Any:
        """One request; writes carry an Idempotency-Key that every retry reuses. Retries a
        lost connection, a 5xx and a 429 (after its Retry-After). `file`: a path, sent as a
        multipart form (evidence) instead of JSON."""
        headers = {"Idempotency-Key": str(uuid.uuid4())} if method != "GET" else {}
        for attempt in range(attempts):
            try:
                if file is not None:
                    with open(file, "rb") as handle:
                        response = self.session.request(
                            method,
                            self.base + path,
                            data=body,
                            files={"file": (os.path.basename(file), handle)},
                            headers=headers,
                            timeout=60,
                        )
                else:
                    response = self.session.request(
                        method, self.base + path, json=body, headers=headers, timeout=30
                    )
            except requests.ConnectionError:
                time.sleep(2**attempt)
                continue
            if response.status_code == 429:
                time.sleep(int(response.headers.get("Retry-After", "1")))
                continue
            if response.status_code >= 500:
                time.sleep(2**attempt)
                continue
            if response.status_code >= 400:
                problem = response.json()  # RFC 9457: type, title, status, detail, errors
                raise SystemExit(f"{method} {path}: {problem['status']} {problem['detail']}")
            return response.json()
        raise SystemExit(f"{method} {path}: no answer after {attempts} attempts")


def register(api: Api, platform: int, title: str, evidence: str | None) -> dict[str, Any]:
    """Register the feature, answer every question of each filing it obliges, attach the
    evidence file where a question needs one; the signature is left for the browser."""
    launch = (dt.datetime.now(CHINA).date() + dt.timedelta(days=60)).isoformat()
    feature = api.call(
        "POST",
        f"/platforms/{platform}/features/",
        {
            "title": title,
            "description": "Open voice rooms for up to 50 people, moderated live.",
            "trigger": "launch",
            "planned_launch_date": launch,
        },
    )
    for obligation in feature["obligations"]:
        print(
            f"filing {obligation['filing']} ({obligation['regime']}): due {obligation['due_date']}"
        )
        answer_all(api, obligation["assessment"], evidence)
    return feature


def answer_all(api: Api, assessment: int, evidence: str | None) -> list[dict[str, Any]]:
    questions = api.call("GET", f"/assessments/{assessment}/")["questions"]
    for question in questions:
        if question["answer_type"] == "choice":
            value: Any = question["choices"][0]["value"]
        elif question["answer_type"] == "date":
            value = dt.datetime.now(CHINA).date().isoformat()
        else:
            value = SAMPLE_ANSWERS[question["answer_type"]]
        api.call(
            "PUT",
            f"/assessments/{assessment}/answers/{question['id']}/",
            {"value": value, "risk_rating": "low"},
        )
        already = (question["answer"] or {}).get("evidence")
        if question["evidence_required"] and evidence and not already:
            api.call(
                "POST",
                f"/assessments/{assessment}/answers/{question['id']}/evidence/",
                {"classification": "confidential"},
                file=evidence,
            )
    missing = api.call("GET", f"/assessments/{assessment}/")["missing"]
    for item in missing:
        print(f"  still needed in the browser: {item['message']}")
    return missing


def submit(api: Api, filing: int) -> dict[str, Any]:
    """Submit once the signatory has signed, then read the filing's state."""
    revision = api.call("POST", f"/filings/{filing}/submit/", {})
    print(f"filing {filing}: revision {revision['number']} submitted, sha256 {revision['sha256']}")
    state = api.call("GET", f"/filings/{filing}/")
    print(f"filing {filing} is {state['state']}")
    for deadline in state["deadlines"]:
        print(f"  {deadline['kind']}: due {deadline['due_date']} ({deadline['status']})")
    return state


# While a filing is in one of these, the regulators have not decided yet.
UNDER_REVIEW = {"submitted", "under_review", "pending_approval"}


def follow(api: Api, filing: int, every: int = 0) -> dict[str, Any]:
    """Print the filing's state, each office's review with its decision and reasons, and
    what the regulators asked or said; with `every`, ask again every `every` seconds until
    the filing leaves review (a webhook, docs/api.md, tells it without asking)."""
    while True:
        state = api.call("GET", f"/filings/{filing}/")
        if not every or state["state"] not in UNDER_REVIEW:
            break
        time.sleep(every)
    print(f"filing {filing} is {state['state']}")
    for review in state["reviews"]:
        print(f"  {review['authority']}: {review['state']}")
        decision = review["decision"]
        if decision:
            print(f"    decision: {decision['kind']}: {decision['reasons']}")
            for item in decision["items"] or []:
                print(f"    - {item.get('code') or ''} {item.get('text', '')}".rstrip())
    for request in state["information_requests"]:
        answered = "answered" if request["answered_at"] else "to answer"
        print(f"  information request {request['id']} ({answered}): {request['body']}")
    for comment in state["comments"]:
        print(f"  {comment['authority'] or 'regulator'} wrote: {comment['body']}")
    return state


def main(argv: list[str]) -> None:
    api = Api(os.environ["FILINGS_API"], os.environ["FILINGS_TOKEN"])
    if len(argv) >= 3 and argv[1] == "register":
        title = argv[3] if len(argv) > 3 else "Voice rooms"
        register(api, int(argv[2]), title, argv[4] if len(argv) > 4 else None)
    elif len(argv) == 3 and argv[1] == "submit":
        submit(api, int(argv[2]))
    elif len(argv) in (3, 5) and argv[1] == "follow":
        every = int(argv[4]) if len(argv) == 5 and argv[3] == "--every" else 0
        follow(api, int(argv[2]), every)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
