-- bench/lookup.sh: grow a journal made by journal_bench to a national
-- size with the lines of other offices, for check-document. The lines are
-- inserted in bulk (the benchmark's shortcut: their hashes are not a
-- chain, they are there for the indexes a look-up walks: the codes, the
-- lines' ids and their cases); each has a check code of the real form
-- (ten base-32 digits, the last a Luhn mod 32 check digit), distinct.
-- psql -v lines=N -v offices=K
\set ON_ERROR_STOP on
CREATE FUNCTION pg_temp.code_of(n bigint) RETURNS text AS $$
DECLARE
	b32 constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	-- n times an odd number, modulo 2^45: distinct for distinct n
	v bigint := (n * 2654435761) % 35184372088832;
	d int[] := array_fill(0, ARRAY[10]);
	f int := 2;
	s int := 0;
	a int;
	r text := '';
BEGIN
	FOR i IN REVERSE 9..1 LOOP
		d[i] := v % 32;
		v := v / 32;
	END LOOP;
	FOR i IN REVERSE 9..1 LOOP
		a := f * d[i];
		f := CASE WHEN f = 2 THEN 1 ELSE 2 END;
		s := s + a / 32 + a % 32;
	END LOOP;
	d[10] := (32 - s % 32) % 32;
	FOR i IN 1..10 LOOP
		IF i = 6 THEN
			r := r || '-';
		END IF;
		r := r || substr(b32, d[i] + 1, 1);
	END LOOP;
	RETURN r;
END $$ LANGUAGE plpgsql IMMUTABLE;

INSERT INTO offices(code, name, address, region_id)
SELECT 'F' || lpad(k::text, 3, '0'), 'Подразделение для замера ' || k, '',
       (SELECT region_id FROM offices ORDER BY id LIMIT 1)
FROM generate_series(1, :offices) k;

-- Each line a case of its own: a look-up reads the case's other lines.
CREATE TEMP TABLE grow AS
SELECT g AS n, (SELECT id FROM offices WHERE code = 'F' ||
	lpad((1 + g % :offices)::text, 3, '0')) AS office_id,
       1 + g / :offices AS seq
FROM generate_series(1, :lines) g;

-- Their ids from 10^15 on, apart from the office's own.
INSERT INTO cases(id, office_id, service, state, form_id, form_version,
		  data, surname_key, docno, created_by, created_at,
		  updated_at, journal_year)
SELECT 1000000000000000 + n, office_id, 'registration', 'accepted',
       'registration', '1', '{"surname":"ЗАМЕРОВ","given_names":"ТЕСТ"}',
       'замеров', 'G' || lpad(n::text, 8, '0'), 1, '2025-06-01T10:00:00',
       '2025-06-01T10:00:00', 2025
FROM grow;

INSERT INTO journal(id, office_id, seq, book, year, no, kind, case_id, at,
		    actor_id, content, prev_hash, hash, stamp)
SELECT 1000000000000000 + n, office_id, seq, 'registration', 2025, seq,
       'accept', 1000000000000000 + n, '2025-06-01T10:00:00+05',
       1, '{"case":' || (1000000000000000 + n) || '}',
       md5(n::text) || md5((n + 1)::text), md5(n::text || 'h') ||
       md5((n + 1)::text || 'h'), '2025-06-01T10:00:00+05:00'
FROM grow;

INSERT INTO journal_codes(code, line_id)
SELECT pg_temp.code_of(n), 1000000000000000 + n FROM grow;

ANALYZE offices, cases, journal, journal_codes;
