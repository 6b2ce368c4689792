-- Grow the journal of office 1 (book registration; lines by account 1) of
-- a database made by journal_bench or okno init to :lines lines on
-- PostgreSQL in minutes instead of the hour journal_append takes there:
-- each new line with its case row
-- (a surname drawn as journal_bench draws them, folded to lower case), its
-- content of the same shape and size, and its hash chained to the line
-- before it exactly as core's chain computes it (sha256 of the previous
-- hash, a newline, the line's fields separated by 0x1f, the content), so
-- `okno journal verify` and `journal_bench verify` check a real chain.
-- The office's head (journal_heads) follows. No check codes: check-document
-- is measured on journal_bench's own lines (bench/journal.sh, lookup.sh).
-- psql -v lines=N -f bench/journal_grow.sql
\set ON_ERROR_STOP on
CREATE FUNCTION pg_temp.grow(total bigint) RETURNS bigint AS $$
DECLARE
	stem text[] := ARRAY['Ахмед', 'Абдулл', 'Байтурс', 'Серик', 'Нурлан',
		'Жумаб', 'Касым', 'Иван', 'Петр', 'Сидор', 'Ким', 'Ли', 'Пак',
		'Тен', 'Юсуп', 'Рахим', 'Каримж', 'Исмаил', 'Турсун', 'Мамыт',
		'Оспан', 'Кожах', 'Есен', 'Smith', 'Brown', 'Muller', 'Schmidt',
		'Wang', 'Zhang', 'Chen', 'Liu', 'Yilmaz', 'Kaya', 'Demir',
		'Ivanenk', 'Kovalenk', 'Bondar', 'Tkach', 'Shevchenk', 'Melnik'];
	mid text[] := ARRAY['', 'ал', 'ер', 'ан', 'ен', 'ур', 'ым', 'ат', 'ол',
		'ис', 'ax', 'el', 'in', 'or', 'am', 'et'];
	suf text[] := ARRAY['ов', 'ев', 'ин', 'ова', 'ева', 'ина', 'бек',
		'баев', 'улы', 'кызы', 'о', 'ян', 'дзе', 'er', 'son', 'an', 'ko',
		'ski', 'ez', 'oglu'];
	n bigint;
	prev text;
	sur text;
	docno text;
	fields text;
	content text;
	h text;
	cid bigint;
	stamp constant text := '2026-03-20T10:00:00+05:00';
BEGIN
	SELECT j.seq, j.hash INTO n, prev FROM journal_heads j
	WHERE office_id = 1;
	IF n IS NULL THEN -- a journal nothing was written to yet
		INSERT INTO journal_heads(office_id, seq, hash) VALUES (1, 0, '');
		n := 0;
	END IF;
	IF n = 0 THEN -- the genesis of the database's mode (core/chain.c)
		prev := CASE WHEN (SELECT training FROM database_mode) = 1
			THEN encode(sha256('okno training database'), 'hex')
			ELSE repeat('0', 64) END;
	END IF;
	WHILE n < total LOOP
		n := n + 1;
		sur := stem[1 + floor(random() * 40)::int] ||
		       mid[1 + floor(random() * 16)::int] ||
		       suf[1 + floor(random() * 20)::int];
		docno := 'N' || lpad(((n - 1) * 7919 % 100000000)::text, 8, '0');
		fields := '{"address_stay":"г. Алматы, ул. Абая, д. 10, кв. 5",'
			'"birth_date":"1988-05-14","citizenship":"UZB",'
			'"doc_expiry":"2031-11-20","doc_number":"' || docno ||
			'","doc_type":"passport","entry_date":"2026-03-18",'
			'"entry_point":"Жибек жолы","given_names":"РУСТАМ",'
			'"host_address":"г. Алматы, ул. Абая, д. 10, кв. 5",'
			'"host_doc":"удостоверение личности 043512345",'
			'"host_name":"Сериков Болат Канатович",'
			'"migration_card":"KZ0012345","period_from":"2026-03-18",'
			'"period_to":"2026-06-15","purpose":"private","surname":"' ||
			sur || '"}';
		INSERT INTO cases(office_id, service, state, form_id,
			form_version, data, surname_key, docno, citizenship,
			accepted_at, due_date, journal_year, created_by,
			created_at, updated_at)
		VALUES (1, 'registration', 'accepted', 'registration', '1',
			fields, lower(sur), docno, 'UZB', stamp::timestamptz, '2026-03-26',
			2026, 1, stamp::timestamptz, stamp::timestamptz)
		RETURNING id INTO cid;
		content := '{"case":' || cid || ',"due_date":"2026-03-26",'
			'"fields":' || fields || ',"form":"registration",'
			'"form_version":"1","inspector":"Иванов Иван Иванович",'
			'"service":"registration"}';
		h := encode(sha256(convert_to(prev || E'\n' || '1' || E'\x1f' ||
			n || E'\x1f' || 'registration' || E'\x1f' || '2026' ||
			E'\x1f' || n || E'\x1f' || 'accept' || E'\x1f' || cid ||
			E'\x1f' || '0' || E'\x1f' || stamp || E'\x1f' || '1' ||
			E'\x1f' || content, 'UTF8')), 'hex');
		INSERT INTO journal(office_id, seq, book, year, no, kind,
			case_id, at, actor_id, content, prev_hash, hash, stamp)
		VALUES (1, n, 'registration', 2026, n, 'accept', cid,
			stamp::timestamptz, 1, content, prev, h, stamp);
		prev := h;
	END LOOP;
	UPDATE journal_heads SET seq = n, hash = prev
	WHERE office_id = 1;
	RETURN n;
END $$ LANGUAGE plpgsql;

-- A thousand lines first, then the statistics: the foreign keys' checks
-- are planned when first run, and on the empty tables of a new database
-- they would scan the whole table for every line.
SELECT pg_temp.grow(least(:lines, 1000));
ANALYZE journal, cases, accounts;
SELECT pg_temp.grow(:lines);
ANALYZE journal, cases, accounts;
