"""Bulk loading with COPY, the way a restore does it: the tables' secondary indexes and
foreign keys are dropped first and made again from their own definitions after the rows
are in (one sort per index and one join per key, instead of millions of single checks),
all in the caller's transaction, so a failure leaves the database as it was.

Rows are written as COPY text lines to one file per table while the cases are emitted,
and copied table by table afterwards; the audit log, the biggest, is copied while it is
generated (`Table.stream`).
"""

import json
import os
import tempfile
import time
from datetime import date

from django.core.management.color import no_style
from django.db import connection

NULL = "\\N"
ENCODER = json.JSONEncoder(ensure_ascii=False)


def text(value: str) -> str:
    """A value as COPY's text format reads it (a backslash, tab or line break escaped)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


_HOURS: dict[int, str] = {}


def moment(t: float) -> tuple[str, int]:
    """Unix time as UTC "YYYY-MM-DD HH:MM:SS" and its microseconds (one rounding for the
    rows and the audit entries' `changes`, so the two always agree)."""
    micro = round(t * 1_000_000)
    seconds, micro = divmod(micro, 1_000_000)
    hour, rest = divmod(seconds, 3600)
    prefix = _HOURS.get(hour)
    if prefix is None:
        prefix = _HOURS[hour] = time.strftime("%Y-%m-%d %H:", time.gmtime(hour * 3600))
    minute, second = divmod(rest, 60)
    return f"{prefix}{minute:02d}:{second:02d}", micro


def timestamp(t: float) -> str:
    text_, micro = moment(t)
    return f"{text_}.{micro:06d}+00"


def as_json(value) -> str:
    return text(ENCODER.encode(value))


FORMAT = {
    str: text,
    int: str,
    bool: lambda v: "t" if v else "f",
    float: timestamp,  # every float in a seeded row is a moment (Unix time)
    type(None): lambda v: NULL,
    date: date.isoformat,
    dict: as_json,
    list: as_json,
}


def formatted(value) -> str:
    try:
        return FORMAT[type(value)](value)
    except KeyError:  # a str subclass such as a TextChoices member
        if isinstance(value, str):
            return text(str(value))
        raise


def line(values) -> str:
    return "\t".join([formatted(v) for v in values]) + "\n"


class Table:
    """One table's rows, as COPY text in a file (or straight into a COPY for `stream`)."""

    def __init__(self, loader, db_table: str, columns: list[str], first_id: int):
        self.loader = loader
        self.name = db_table
        self.columns = columns
        self.rows = 0
        self.next_id = first_id
        self.path = os.path.join(loader.directory, f"{db_table}.copy")
        self.file = open(self.path, "w", encoding="utf-8", buffering=1 << 20)  # noqa: SIM115 – closed by the loader

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, values) -> None:
        self.file.write(line(values))
        self.rows += 1

    def add_row(self, values: dict) -> None:
        """A row given by column name."""
        self.add([values[c] for c in self.columns])

    def add_line(self, text_line: str) -> None:
        self.file.write(text_line)
        self.rows += 1

    @property
    def copy_sql(self) -> str:
        quote = connection.ops.quote_name
        return f"COPY {quote(self.name)} ({', '.join(quote(c) for c in self.columns)}) FROM STDIN"


class Loader:
    def __init__(self, out):
        self.out = out
        self.tables: dict[str, Table] = {}
        self.models = []
        self.dropped: list[tuple[str, str, str]] = []  # (table, kind, statement to make it again)
        self.timings: dict[str, float] = {}
        self._dir = tempfile.TemporaryDirectory(prefix="seed-national-")
        self.directory = self._dir.name
        self.started = time.monotonic()

    def close(self):
        for table in self.tables.values():
            if not table.file.closed:
                table.file.close()
        self._dir.cleanup()

    def table(self, model) -> Table:
        """The table of a model (or an auto-created m2m through model), its ids continuing
        after any rows it already holds."""
        db_table = model._meta.db_table
        if db_table not in self.tables:
            columns = [f.column for f in model._meta.concrete_fields]
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(db_table)  # a model's own table name
                cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
                first_id = cursor.fetchone()[0]
            self.tables[db_table] = Table(self, db_table, columns, first_id)
            self.models.append(model)
        return self.tables[db_table]

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, message: str) -> None:
        self.out.write(f"[{self.elapsed():7.1f}s] {message}")
        self.out.flush()

    def progress(self, name: str, rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds > 0 else 0
        self.say(f"{name:<45} {rows:>10,} rows {rate:>10,.0f} rows/s")

    # --- indexes and foreign keys ------------------------------------------------------

    def drop_indexes_and_keys(self) -> None:
        """Drop the loaded tables' foreign keys and the indexes no constraint owns; keep
        what they drop, to make them again from the same definitions."""
        started = time.monotonic()
        names = list(self.tables)
        with connection.cursor() as cursor:
            # Rows written so far through the ORM (the places) are checked now, not at commit:
            # a table with checks pending cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
                ORDER BY 1, 2
                """,
                [names],
            )
            keys = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid::regclass::text = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                  AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
                ORDER BY 1, 2
                """,
                [names],
            )
            indexes = cursor.fetchall()
            for table, name, definition in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
                self.dropped.append(
                    (table, "key", f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
                )
            for table, name, definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
                self.dropped.append((table, "index", definition))
        self.say(f"dropped {len(indexes)} indexes and {len(keys)} foreign keys of {len(names)} tables "
                 f"({time.monotonic() - started:.1f}s)")  # fmt: skip

    def make_indexes_and_keys(self) -> None:
        """Indexes first (the keys' checks may use them), table by table, timed."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for kind in ("index", "key"):
                per_table: dict[str, float] = {}
                for table, dropped_kind, statement in self.dropped:
                    if dropped_kind != kind:
                        continue
                    started = time.monotonic()
                    cursor.execute(statement)
                    per_table[table] = per_table.get(table, 0) + time.monotonic() - started
                for table, seconds in per_table.items():
                    self.timings[f"{kind}es {table}" if kind == "index" else f"keys {table}"] = seconds
                    if seconds > 1:
                        self.say(f"{'indexes' if kind == 'index' else 'keys':<7} {table:<37} {seconds:7.1f}s")

    # --- copying ---------------------------------------------------------------------

    def copy(self, table: Table) -> None:
        table.file.close()
        started = time.monotonic()
        with connection.cursor() as cursor, cursor.copy(table.copy_sql) as copy, open(table.path, "rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.monotonic() - started
        self.timings[f"copy {table.name}"] = seconds
        os.unlink(table.path)
        self.progress(f"copy {table.name}", table.rows, seconds)

    def copy_all(self, skip=()) -> None:
        for table in self.tables.values():
            if table.name not in skip and table.rows:
                self.copy(table)

    def reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)

    def analyze(self) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            for name in self.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
        self.timings["analyze"] = time.monotonic() - started
        self.say(f"analyze {len(self.tables)} tables ({self.timings['analyze']:.1f}s)")
