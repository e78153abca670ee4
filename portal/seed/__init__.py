"""A national data set for benchmarks on PostgreSQL: `manage.py seed_national`.

98 Infohuse (one per municipality, each with its police district), users in every role,
concerns in every state with the whole history the services would have left (rows, object
permissions, timeline, audit log), written with COPY in one transaction. See `national.py`
for the order of the work, `cases.py` for how a case's history is planned, `emit.py` for
the rows and the audit entries, and `load.py` for the bulk loading.

The load benchmark's users (`--bench-users`, default var/bench-users.json)
--------------------------------------------------------------------------
Twenty users, each with one membership in the big Infohus (Københavns Kommune with
Københavns Politi, about a tenth of all concerns), the password given by `--password`, and
a confirmed authenticator plus a static device of single-use recovery codes (the second
factor a driver types). The file::

    {
      "format": 1,
      "generated_at": "2026-11-25T17:00:00+00:00",
      "password": "bench-2026",
      "infohus": {"id": 1, "name": "Infohus København", "municipality_id": 14, "police_district_id": 11},
      "roles": {"municipal_coordinator": "bench-municipal_coordinator-1@kk.dk", ...},   # one per role
      "users": [
        {"username": "bench-municipal_coordinator-1@kk.dk", "role": "municipal_coordinator",
         "membership_id": 3, "department": "", "recovery_codes": ["k3v7q2ma", ...]},
        ...   # 4 each of municipal_coordinator, police_coordinator, caseworker
              # (department children_family), auditor, participant (from outside:
              # psychiatry or Kriminalforsorgen)
      ],
      "ids": {
        "concern_gathering": 123,            # gathering; both coordinators' sides may read it
        "case_number_gathering": "IH-2026-0042",   # for the auditor's log search
        "concern_with_police": 124,          # in the police queue
        "concern_with_meeting": 125,         # ready_for_meeting, on the open meeting's agenda
        "agenda_item_with_meeting": 77,      # its agenda item (the meeting room's page)
        "concern_recommended": 126,          # follow_up, recommended to Children and Family
        "concern_closed": 127,
        "meeting_open": 42                   # open now; the participants have confirmed
      }
    }

An id is null when the run had too few concerns to make that case. Each recovery code
works once: give each client its own.
"""
