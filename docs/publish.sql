-- What a regional database publishes to the national one (PostgreSQL's
-- built-in logical replication; the server runs with wal_level=logical).
-- Run once on each regional database as the schema owner:
--   psql -h HOST -U okno_owner -d okno -f docs/publish.sql
-- and on the national database, once per region, as a superuser:
--   CREATE SUBSCRIPTION region_CODE CONNECTION 'host=... dbname=okno ...'
--       PUBLICATION okno_region, okno_audit;
-- The audit log's office chains are published; chain 0 (the region's
-- accounts and the system) is left out by a row filter: its numbers are
-- the same in every region, so it is read and verified in the region.
-- So are the chains below zero: those of the region and the system of an
-- office database moved in (okno migrate), numbered in their region only.
CREATE PUBLICATION okno_region FOR TABLE regions, offices, cases,
	case_events, journal, journal_codes, journal_heads,
	audit_heads WHERE (chain > 0);
-- The log only grows: its lines are published as inserted.
CREATE PUBLICATION okno_audit FOR TABLE audit WHERE (chain > 0)
	WITH (publish = 'insert');
