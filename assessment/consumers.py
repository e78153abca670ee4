"""Live scoring: one WebSocket per open meeting and agenda item.

A change is saved first (by the same services the plain form posts use), then announced to
the item's group as a bare "changed" signal (`assessment.live`). Each connection re-checks
its reader against the policy and re-reads what its reader sees: the meeting's shared
record (read once per worker and event, the same for every invited reader) and the
reader's own part (notes of their own authority). No message carries what its receiver
may not see, a refused or stale change tells its author why, and a (re)connecting client
gets the whole state.
"""

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from http.cookies import SimpleCookie
from importlib import import_module
from types import SimpleNamespace

from auditlog.context import set_actor
from channels.db import close_old_connections, database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user
from django.core.exceptions import SynchronousOnlyOperation
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from assessment import live, selectors, services
from assessment.forms import AgreedScoreForm, NoteForm, OwnScoreForm, split_score
from assessment.models import AgendaItem
from assessment.policy import forget_participations
from assessment.room import contributing_authorities, room_context
from infohus import policy
from infohus.access_log import described_reads, read_entries, record_reads, save_reads
from infohus.errors import UserError, describe
from infohus.memberships import resolve_connection_membership

security_log = logging.getLogger("infohus.security")

CLOSE = object()
REFUSED = 4403  # not 1006: htmx would retry a refused handshake for ever
# A membership (deactivated, role ended) is re-resolved at least this often; a meeting
# closing or an agenda change re-checks at once.
RECHECK_SECONDS = 15
FLUSH_RETRY_SECONDS = (1, 2, 4, 8, 15, 30)
# Replaced by each connection's own CSRF token in shared fragments; random, so no text a
# user writes can contain it.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"


class SharedReads:
    """The meeting's shared record as read once per worker and event, the fragments
    rendered from it per kind of reader, and the reads to log, saved for all of the
    worker's connections in one INSERT. Consumers' database work runs in one thread per
    worker, and the rest in its event loop, so no lock is needed."""

    size = 32

    def __init__(self):
        self.entries = OrderedDict()

    def peek(self, item_pk: int, event_id: str):
        return self.entries.get((item_pk, event_id))

    def get(self, item_pk: int, event_id: str):
        key = (item_pk, event_id)
        if key not in self.entries:
            item = (
                AgendaItem.objects.select_related("meeting__infohus", "analysis__concern", "analysis__catalogue")
                .filter(pk=item_pk)
                .first()
            )
            self.entries[key] = {
                "item": item,
                "shared": selectors.shared_state(item) if item else None,
                "authorities": contributing_authorities(item) if item else [],
                "html": {},
                "sent": {},
                "pending": [],
                "flushing": False,
            }
            while len(self.entries) > self.size:
                _key, old = self.entries.popitem(last=False)
                save_reads(old["pending"])  # a connection that went away left them unsaved
        return self.entries[key]


async def flush_reads_soon(entry) -> None:
    """Save the reads the worker's connections logged for one event, in one INSERT, once
    they have all had it (within a few milliseconds of each other)."""
    await asyncio.sleep(0.05)
    pending, entry["pending"] = entry["pending"], []
    entry["flushing"] = False
    # The participants already have the state: the record of their reading must not be
    # lost to a database that is restarting. Try again for about a minute, then let the
    # last error surface in the worker's log.
    for delay in FLUSH_RETRY_SECONDS:
        try:
            await database_sync_to_async(save_reads)(pending)
            return
        except DatabaseError:
            security_log.warning("Could not save %d read entries of a live meeting; retrying", len(pending))
            await asyncio.sleep(delay)
    await database_sync_to_async(save_reads)(pending)


shared_reads = SharedReads()


class AgendaItemConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        self.meeting_pk, self.item_pk = int(kwargs["meeting_pk"]), int(kwargs["item_pk"])
        self.group = live.group_of(self.item_pk)
        self.joined = False
        admitted = await database_sync_to_async(self._admit)()
        await self.accept()
        if not admitted:
            await self.close(code=REFUSED)
            return
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.joined = True
        await self._send_html(await database_sync_to_async(self._full_state)())
        await database_sync_to_async(self._join)()

    async def disconnect(self, code):
        if self.joined:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await database_sync_to_async(services.leave)(channel_name=self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self._send_html(await database_sync_to_async(self._handle)(content))

    async def item_changed(self, event):
        html = self._without_database(event)
        if html is None:
            html = await database_sync_to_async(self._on_change)(event)
        await self._send_html(html)
        entry = shared_reads.peek(self.item_pk, event["event"])
        if entry and entry["pending"] and not entry["flushing"]:
            entry["flushing"] = True
            asyncio.get_running_loop().create_task(flush_reads_soon(entry))

    async def _send_html(self, html):
        if html is CLOSE:
            await self.close(code=REFUSED)
        elif html:
            await self.send(text_data=html)

    # --- Who reads: re-checked against the policy --------------------------------------

    def _session(self):
        """The session as the store has it now: a logout or an expired session ends the
        connection's rights at the next check, as it ends a page's."""
        key = self.scope["session"].session_key
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        user = get_user(SimpleNamespace(session=session))
        return session, user

    def _current(self):
        """The membership and item as they are now, or None with the reason: every change
        is checked anew (a meeting closes, an invitation ends, a membership or the session ends)."""
        close_old_connections()
        session, user = self._session()
        self.fresh_session = session
        membership = resolve_connection_membership(user, session).membership
        self.membership, self.checked_at = membership, time.monotonic()
        if membership is None:
            return None, None, "no membership"
        policy.forget_all(membership)
        meeting = selectors.visible_meeting(membership, self.meeting_pk)
        item = selectors.agenda_item(meeting, self.item_pk) if meeting else None
        if item is None:
            return membership, None, "not visible"
        decision = policy.decide(membership, "meeting.attend", item)
        if not decision:
            return membership, None, decision.refusal.value
        return membership, item, ""

    def _refuse(self, membership, reason: str) -> None:
        user = self.scope.get("user")
        security_log.warning(
            "websocket refused: user=%s membership=%s meeting=%s item=%s reason=%s",
            getattr(user, "pk", None),
            getattr(membership, "pk", None),
            self.meeting_pk,
            self.item_pk,
            reason,
        )

    def _admit(self) -> bool:
        membership, item, reason = self._current()
        if item is None:
            self._refuse(membership, reason)
            return False
        self.item = item
        return True

    def _join(self) -> None:
        membership, item, _reason = self._current()
        if item is not None:
            services.join(item=item, by=membership, channel_name=self.channel_name)

    # --- The connection's request context ----------------------------------------------

    def _actor(self, membership):
        client = self.scope.get("client") or (None, None)
        return set_actor(membership.user, remote_addr=client[0])

    def _cookies(self) -> SimpleCookie:
        raw = dict(self.scope.get("headers") or []).get(b"cookie", b"").decode("latin-1")
        cookies = SimpleCookie()
        cookies.load(raw)
        return cookies

    def _language(self) -> str:
        cookie = self._cookies().get(settings.LANGUAGE_COOKIE_NAME)
        chosen = cookie.value if cookie else ""
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def _csrf(self) -> str:
        cookie = self._cookies().get(settings.CSRF_COOKIE_NAME)
        return cookie.value if cookie else ""

    # --- What is sent --------------------------------------------------------------------

    def _fragments(self, membership, context: dict, *, sent: list) -> str:
        """The fragments, with a placeholder for this connection's CSRF token."""
        with translation.override(self._language()), self._actor(membership):
            record_reads(sent)  # every state sent is a consultation
            return render_to_string("assessment/_live.html", {**context, "csrf_token": CSRF_PLACEHOLDER})

    def _render(self, membership, item, context: dict, *, sent: list) -> str:
        return self._fragments(membership, context, sent=sent).replace(CSRF_PLACEHOLDER, self._csrf())

    def _full_state(self, *, membership=None, item=None, **extra):
        """Everything, on (re)connect and after an error: the client may have missed changes."""
        if item is None:
            membership, item, reason = self._current()
            if item is None:
                self._refuse(membership, reason)
                return CLOSE
        forget_participations(membership)
        with translation.override(self._language()):
            context = room_context(membership, item)
        state = context["state"]
        self.authorities = contributing_authorities(item)
        self.authority_id = state.participant.authority_id
        self.earlier = state.earlier
        self.notes = [note for row in state.rows for note in row.notes]
        context.update(rows=state.rows, presence=True, shared=True, live_message=extra.pop("live_message", ""), **extra)
        return self._render(membership, item, context, sent=state.audited)

    def _needs_check(self, event) -> bool:
        return event.get("what") in ("closed", "agenda") or time.monotonic() - self.checked_at > RECHECK_SECONDS

    def _view(self, membership, item, event):
        may = policy.actions_on(membership, item)
        view = (membership.role, self.authority_id, may, event.get("what"), event.get("dimension"), self._language())
        return may, view

    def _shown(self, item, shared, what, dimension) -> list:
        """Every record the fragments for this kind of reader show: each is a logged read."""
        shown = [item.analysis]
        if dimension is not None:
            # The changed dimension's row, and the board, which shows all nine (and the
            # earlier analysis the reader may know of).
            ids = {score.dimension_id for score in shared.scores if score.dimension.number == dimension}
            shown += shared.scores + [own for own in shared.own_scores if own.dimension_id in ids]
            shown += [note for note in self.notes if note.dimension_id in ids]
            if self.earlier:
                shown += [self.earlier, *self.earlier.scores.all()]
        if what in ("shared", "closed"):
            shown += [share.exchange for share in shared.shares]
        return shown

    def _log_and_send(self, membership, entry, event, html: str) -> str:
        _may, view = self._view(membership, entry["item"], event)
        sent = entry["sent"][view]
        client = self.scope.get("client") or (None, None)
        entry["pending"] += read_entries(sent, actor=membership.user, remote_addr=client[0])
        return html.replace(CSRF_PLACEHOLDER, self._csrf())

    def _without_database(self, event):
        """Most connections of a worker only need what another already read and rendered for
        the same kind of reader: decided, logged and sent without a database round trip."""
        entry = shared_reads.peek(self.item_pk, event["event"])
        if entry is None or entry["item"] is None or self._needs_check(event):
            return None
        if event.get("what") == "note" and event.get("authority") == self.authority_id:
            return None  # this reader's own authority's notes changed: re-read them
        try:
            if not policy.decide(self.membership, "meeting.attend", entry["item"]):
                return None
            _may, view = self._view(self.membership, entry["item"], event)
            cached = entry["html"].get(view)
            return None if cached is None else self._log_and_send(self.membership, entry, event, cached)
        except SynchronousOnlyOperation:
            return None  # something not read yet: the database path reads it

    def _on_change(self, event):
        what, dimension = event.get("what", "changed"), event.get("dimension")
        if self._needs_check(event):
            membership, item, reason = self._current()
            if item is None:
                self._refuse(membership, reason)
                return CLOSE
        membership = self.membership
        entry = shared_reads.get(self.item_pk, event["event"])
        item = entry["item"]
        if item is None or not policy.decide(membership, "meeting.attend", item):
            self._refuse(membership, "no longer attending")
            return CLOSE
        if what == "note" and event.get("authority") == self.authority_id:
            self.notes = selectors.notes_for(membership, item)
        may, view = self._view(membership, item, event)
        shared = entry["shared"]
        if view not in entry["sent"]:
            entry["sent"][view] = described_reads(self._shown(item, shared, what, dimension))
        cached = entry["html"].get(view)
        if cached is None:
            with translation.override(self._language()):
                context = room_context(
                    membership,
                    item,
                    shared=shared,
                    notes=self.notes,
                    earlier=self.earlier,
                    authorities=entry["authorities"],
                )
                rows = [row for row in context["state"].rows if row.dimension.number == dimension]
                context.update(
                    rows=rows,
                    may=may,
                    presence=what in ("presence", "closed"),
                    shared=what in ("shared", "closed"),
                    live_message=self._message(rows, what),
                    csrf_token=CSRF_PLACEHOLDER,
                )
                cached = entry["html"][view] = render_to_string("assessment/_live.html", context)
        return self._log_and_send(membership, entry, event, cached)

    @staticmethod
    def _message(rows, what) -> str:
        if what == "closed":
            return _("The analysis or the meeting was closed.")
        if what == "shared":
            return _("New information was shared with the meeting.")
        if rows and what == "changed":
            agreed = rows[0].agreed
            title = str(rows[0].dimension)
            if agreed.updated_by and agreed.status:
                value = str(agreed.value) if agreed.value is not None else agreed.get_status_display().lower()
                return _("%(dimension)s: agreed score %(value)s, recorded by %(who)s.") % {
                    "dimension": title,
                    "value": value,
                    "who": agreed.updated_by,
                }
            return _("%(dimension)s was updated.") % {"dimension": title}
        return ""

    # --- What a participant sends ----------------------------------------------------------

    def _handle(self, content: dict):
        renew = time.monotonic() - getattr(self, "renewed_at", 0) > settings.SESSION_RENEW_SECONDS
        if renew or time.monotonic() - self.checked_at > RECHECK_SECONDS:
            membership, item, reason = self._current()
            if item is None:
                self._refuse(membership, reason)
                return CLOSE
            self.item = item
            if renew:
                # Working in the meeting is activity, as a page request is: it keeps the
                # session alive (only watching does not).
                self.fresh_session.save()
                self.renewed_at = time.monotonic()
        # The service re-reads the item under its lock and asks the policy again.
        membership, item = self.membership, self.item
        if not isinstance(content, dict) or str(content.get("item", self.item_pk)) != str(self.item_pk):
            # A message about another agenda item, concern or meeting on this connection.
            self._refuse(membership, "message about another item")
            return self._full_state(membership=membership, item=item, live_message=_("That message was refused."))
        action = content.get("action")
        data = MultiValueDict({key: value if isinstance(value, list) else [value] for key, value in content.items()})
        number = content.get("dimension")
        try:
            with self._actor(membership), translation.override(self._language()):
                if action == "editing":
                    services.editing(item=item, channel_name=self.channel_name, dimension=number)
                    return None
                if action == "agreed":
                    form = AgreedScoreForm(data, prefix=f"d{number}", authorities=self.authorities)
                    self._valid(form)
                    status, value = split_score(form.cleaned_data["score"])
                    services.record_agreed_score(
                        item=item,
                        by=membership,
                        dimension=form.cleaned_data["dimension"],
                        status=status,
                        value=value,
                        justification=form.cleaned_data["justification"],
                        contributors=form.cleaned_data["contributors"],
                        version=form.cleaned_data["version"],
                    )
                    return None  # everyone, the author included, gets the change from the group
                if action == "own":
                    form = OwnScoreForm(data, prefix=f"o{number}")
                    self._valid(form)
                    status, value = split_score(form.cleaned_data["score"])
                    services.record_own_score(
                        item=item, by=membership, dimension=form.cleaned_data["dimension"], status=status, value=value
                    )
                    return None
                if action == "note":
                    form = NoteForm(data, prefix=f"n{number}")
                    self._valid(form)
                    services.add_note(
                        item=item,
                        by=membership,
                        dimension=form.cleaned_data["dimension"],
                        text=form.cleaned_data["text"],
                    )
                    return self._sent_form(membership, "note", number)
        except UserError as error:
            with translation.override(self._language()):
                described = describe(error)
                text = " ".join([described["message"], *described["details"]])
            return self._error(membership, action, number, text)
        self._refuse(membership, f"unknown action {str(action)[:20]!r}")
        return None

    def _sent_form(self, membership, form: str, number):
        """A fresh, empty form for its author, after a save the others need not see."""
        membership, item, _reason = self._current()
        if item is None:
            return CLOSE
        with translation.override(self._language()):
            context = room_context(membership, item)
        rows = [row for row in context["state"].rows if str(row.dimension.number) == str(number)]
        if not rows:
            return None
        context.update(rows=[], sent_form=form, live_message="")
        context["row"] = rows[0]
        return self._render(membership, item, context, sent=[])

    def _error(self, membership, action, number, text):
        """The author is told why, and (for a stale score) sees the current value."""
        policy.forget_all(membership)
        membership, item, _reason = self._current()
        if item is None:
            return CLOSE
        with translation.override(self._language()):
            context = room_context(membership, item)
        state = context["state"]
        rows = [row for row in state.rows if str(row.dimension.number) == str(number)]
        context.update(
            rows=rows,
            live_message=text,
            error_form="agreed" if action == "agreed" and rows else "",
            error=text,
        )
        if rows:
            context["row"] = rows[0]
        return self._render(membership, item, context, sent=state.audited)

    @staticmethod
    def _valid(form) -> None:
        if not form.is_valid():
            messages = [
                f"{form.fields[field].label}: {error}" if field in form.fields else error
                for field, errors in form.errors.items()
                for error in errors
            ]
            raise UserError(messages[0], details=messages[1:])
