-- tests/21-sqlite.t runs this script in the UKL sqlite3 shell and in the
-- host's sqlite3 (the same SQLite version) and compares the output.  Every
-- result is ordered, and nothing depends on the clock, the file name of
-- the database or random numbers.
.bail on
.headers on
.mode list
PRAGMA journal_mode = WAL;
PRAGMA page_size;

CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, grp INT, price REAL, note TEXT);
CREATE TABLE grp(id INTEGER PRIMARY KEY, label TEXT UNIQUE);
CREATE INDEX item_grp ON item(grp, price);

-- 20000 rows from a recursive CTE, in one transaction.
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO item(id, name, grp, price, note)
SELECT i, printf('item-%05d', (i * 7919) % 20011), i % 37, round(((i * 104729) % 100003) / 97.0, 2),
       CASE WHEN i % 5 = 0 THEN NULL ELSE hex(char(65 + i % 26, 0x3b1 + i % 24)) END
FROM n;
WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 36)
INSERT INTO grp SELECT i, 'group ' || char(0x3b1 + i % 24) || i FROM g;
COMMIT;

SELECT count(*), sum(price), min(name), max(name), total(grp), count(note) FROM item;
SELECT g.label, count(*) AS n, printf('%.3f', avg(i.price)) AS avg_price, max(i.price)
FROM item i JOIN grp g ON g.id = i.grp
GROUP BY g.id HAVING n > 540 ORDER BY avg(i.price) DESC, g.id LIMIT 8;

-- Sorting that needs more than the page cache: a temporary b-tree.
PRAGMA cache_size = 50;
SELECT id, name FROM item ORDER BY name DESC, id LIMIT 5 OFFSET 9000;
SELECT count(DISTINCT name), count(DISTINCT price) FROM item;
PRAGMA cache_size = -2000;

-- Window functions and CTEs.
SELECT grp, id, price,
       rank() OVER w AS rnk,
       printf('%.2f', sum(price) OVER (PARTITION BY grp ORDER BY id ROWS 2 PRECEDING)) AS run,
       lag(id) OVER w AS prev
FROM item WHERE grp IN (3, 17) AND id < 400
WINDOW w AS (PARTITION BY grp ORDER BY price DESC, id)
ORDER BY grp, rnk LIMIT 12;
WITH t(k, v) AS (SELECT grp, count(*) FROM item WHERE price > 500 GROUP BY grp)
SELECT group_concat(k || ':' || v, ',') FROM (SELECT * FROM t ORDER BY k);

-- Updates, deletes, an upsert, a trigger, a view, savepoints.
CREATE TABLE log(id INTEGER PRIMARY KEY, what TEXT);
CREATE TRIGGER item_del AFTER DELETE ON item BEGIN
  INSERT INTO log(what) VALUES ('deleted ' || old.name);
END;
UPDATE item SET price = price * 2 WHERE grp = 5;
DELETE FROM item WHERE id % 1000 = 7;
INSERT INTO grp(id, label) VALUES (3, 'three') ON CONFLICT(id) DO UPDATE SET label = excluded.label || ' (was ' || label || ')';
SELECT * FROM grp WHERE id = 3;
SELECT count(*), min(what), max(what) FROM log;
CREATE VIEW cheap AS SELECT grp, count(*) AS n FROM item WHERE price < 10 GROUP BY grp;
SELECT * FROM cheap ORDER BY n DESC, grp LIMIT 5;
SAVEPOINT a;
DELETE FROM item;
SELECT count(*) FROM item;
ROLLBACK TO a;
RELEASE a;
SELECT count(*) FROM item;

-- Functions: text, numbers, dates, JSON, math.
SELECT upper('sqlite'), length('ωμέγα'), unicode('€'), substr('unikernel', 4, 6), instr('ring zero', 'zero'),
       replace('a-b-c', '-', '+'), trim('  x  '), quote('it''s'), hex(zeroblob(3)), typeof(1.5), typeof(x'00');
SELECT 1.0 / 3, 2.5e-10, 1e300 * 1e10, -0.0, 9223372036854775807 + 0, cast('12abc' AS INT), 7 / 2, 7 % 3, round(2.675, 2);
SELECT date('2024-02-28', '+1 day'), datetime('2000-01-01 00:00:00', '+1000000 seconds'), strftime('%j %w', '2023-12-31'),
       julianday('2022-12-28') - julianday('2000-01-01');
SELECT json_object('id', 1, 'tags', json_array('a', 'b')), json_extract('{"a":{"b":[1,2,3]}}', '$.a.b[1]'),
       (SELECT group_concat(value, '|') FROM json_each('[10,20,30]'));
SELECT printf('%.6f %.6f %.6f %.6f', sqrt(2), exp(1), ln(10), atan2(1, 1) * 4), pow(2, 10), floor(-1.5), ceil(-1.5);

-- Full-text search (FTS4) and an R*Tree.
CREATE VIRTUAL TABLE doc USING fts4(body);
INSERT INTO doc(body) VALUES ('the kernel runs the application in ring zero'),
  ('system calls are function calls'), ('the application is linked into the kernel image');
SELECT rowid, snippet(doc) FROM doc WHERE doc MATCH 'kernel application' ORDER BY rowid;
CREATE VIRTUAL TABLE box USING rtree(id, x0, x1, y0, y1);
INSERT INTO box SELECT id, grp, grp + 2, price, price + 5 FROM item WHERE id <= 2000;
SELECT count(*) FROM box WHERE x0 <= 10 AND x1 >= 9 AND y0 <= 300 AND y1 >= 290;

-- Output modes.
.mode csv
SELECT id, name, price, note FROM item WHERE id BETWEEN 100 AND 104;
.mode json
SELECT id, name, price FROM item WHERE id IN (1, 2);
.mode box
SELECT id, label FROM grp WHERE id < 4;
.mode line
SELECT * FROM item WHERE id = 42;
.mode list
.headers off
.dump grp
PRAGMA integrity_check;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT 'done';
