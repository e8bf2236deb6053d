"""The demo data set (README.md#a-tour-of-the-demo), built by `manage.py seed_demo`.

Everything after the reference data (authorities, operators, platforms, people) goes through
the same services people use: features are registered with `register_planned_feature`, so the
filings they oblige and their due dates come from the regime rules; assessments are answered
with `save_answer` and signed by the operator's signatory; filings move with the lifecycle
services, which write the audit chain. The result has a filing in every state, some of them
overdue, spread over the eleven operators summoned in March 2021 (less Jingdata and
Yunzhanghu, which run no consumer platform).

The whole set is made in one go, today. Two things cannot be reached that way and are staged:
- an overdue filing deadline: features triggered by an event (user growth, a written notice)
  are registered with the event's date far enough in the past, which the rules allow;
- an overdue review: the review clock of two submitted filings is moved back with a
  QuerySet.update, as if they had been submitted weeks ago. Demo data only; deadlines
  otherwise move only through the services.

Filing numbers are issued by `approve_filing`: fake, but they match the official pattern.

Where things are: data.py (who regulates, who is regulated, who logs in, what they plan);
scenarios/ (as data: stories.json, each operator's filings and the steps that take them to
their states; campaign.json, the notices; inspection.json; answers.json, the answer texts);
scenario.py (what a story's steps mean); steps.py (the steps through the services) and
drive.py (any filing to any state with them), which tests/builders.py uses too; answers.py
(answering, evidence, signing); builder.py (the frame: reference data and people, then the
stories, the campaign (campaign.py) and the inspection (inspection.py)); pdf.py.
"""
