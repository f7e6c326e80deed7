-- depends: billing_0003_ledger
-- Invoicing: what a credit note corrects, line by line when staff say so, and the reads of a run.
ALTER TABLE credit_notes ADD COLUMN lines jsonb NOT NULL DEFAULT '[]';
CREATE INDEX invoices_run ON invoices (run_id, sequence_number);
CREATE INDEX invoicing_runs_regie ON invoicing_runs (regie_id, started_at);
