"""The order in which a write takes its locks (PostgreSQL; SQLite takes one lock for all).

Every service takes the locks it needs in this order, and never an earlier one after a later:

1. the planned feature's row (`launch_feature`);
2. filing rows, several in primary-key order (`_frame._lock`; `launch_feature` and
   `recompute_deadlines` lock every filing they will touch before anything else);
3. the assessment's row (`sign_assessment`, `save_answer`, `add_evidence`; removing,
   replacing and attaching evidence in `assessments.evidence` then lock the file rows, the
   library's source among them, as rows of level 4);
4. the rows that belong to one filing: its deadlines, decisions, comments, rectification
   orders. They are written only while the filing's lock is held, so among themselves their
   order does not matter;
5. the audit chain's advisory lock (`audit.services.record_event`), last. It is held until
   commit and every write of the system waits for it, so a transaction that holds it must
   not wait for anything else: record the events after the rows are written.

Row locks are `select_for_update(no_key=True)` (FOR NO KEY UPDATE), the lock a plain UPDATE
takes. It does not conflict with FOR KEY SHARE, which the foreign-key checks take on the rows
a transaction references; Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so those
checks run at COMMIT, after the advisory lock was taken. With FOR UPDATE, a transaction
holding the advisory lock could wait at COMMIT for a filing or assessment row that another
transaction had locked while it waited for the advisory lock: a deadlock. We never change a
primary key, so NO KEY is all the lock needs to be. Two writes still take the stronger lock
by themselves, and are safe because of the order above: issuing the filing number (a unique
column) in `approve_filing`, and deleting a row.

Work that reads many rows without locking them (the reminder sweep's set-based inserts, the
outbox) takes only the foreign-key checks' KEY SHARE locks and never the advisory lock.
"""
