-- Reports and exports (issue 7).

-- The dashboard sums every person's attempts per module in one fiscal year: this index covers
-- that query, read in (person, module) order, so it needs neither the table nor a sort.
CREATE INDEX attempts_year_person ON attempts (fiscal_year, person_id, module, passed, percent, submitted_at);

-- A 持ち出し names the fiscal year its records belong to.
ALTER TABLE exports ADD COLUMN fiscal_year INTEGER NOT NULL DEFAULT 0;
CREATE INDEX exports_at ON exports (at);
