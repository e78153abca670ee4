"""Live scoring: one WebSocket per open meeting and agenda item.

A change is saved first (by the same services the plain form posts use), then announced to
the item's group as a bare "changed" signal (`assessment.live`). Each connection re-reads
the state through its own reader's selector and policy, and sends its reader HTML fragments
that htmx swaps in by id. No message carries what its receiver may not see, a refused or
stale change tells its author why, and a (re)connecting client gets the whole state.
"""

import logging
from http.cookies import SimpleCookie

from auditlog.context import set_actor
from channels.db import close_old_connections, database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from assessment import live, selectors, services
from assessment.forms import AgreedScoreForm, NoteForm, OwnScoreForm, split_score
from assessment.models import AgendaItem
from assessment.room import room_context
from infohus import policy
from infohus.access_log import record_reads
from infohus.errors import UserError, describe
from infohus.memberships import resolve_active_membership
from infohus.models import Authority

security_log = logging.getLogger("infohus.security")

CLOSE = object()
REFUSED = 4403  # not 1006: htmx would retry a refused handshake for ever


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
        await database_sync_to_async(self._join)()
        await self._send_html(await database_sync_to_async(self._render)(everything=True))

    async def disconnect(self, code):
        if self.joined:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await database_sync_to_async(services.leave)(channel_name=self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self._send_html(await database_sync_to_async(self._handle)(content))

    async def item_changed(self, event):
        html = await database_sync_to_async(self._render)(
            dimension=event.get("dimension"), what=event.get("what", "changed")
        )
        await self._send_html(html)

    async def _send_html(self, html):
        if html is CLOSE:
            await self.close(code=REFUSED)
        elif html:
            await self.send(text_data=html)

    # --- Sync work, one database thread hop per event ---------------------------------

    def _current(self):
        """The membership and item as they are now, or None: every event is checked anew
        (a meeting closes, an invitation is withdrawn, a membership ends)."""
        close_old_connections()
        membership = resolve_active_membership(self.scope.get("user"), self.scope["session"]).membership
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
        return True

    def _join(self) -> None:
        membership, item, _reason = self._current()
        if item is not None:
            services.join(item=item, by=membership, channel_name=self.channel_name)

    def _actor(self, membership):
        client = self.scope.get("client") or (None, None)
        return set_actor(membership.user, remote_addr=client[0])

    def _language(self) -> str:
        cookie = self._cookies().get(settings.LANGUAGE_COOKIE_NAME)
        chosen = cookie.value if cookie else ""
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def _cookies(self) -> SimpleCookie:
        raw = dict(self.scope.get("headers") or []).get(b"cookie", b"").decode("latin-1")
        cookies = SimpleCookie()
        cookies.load(raw)
        return cookies

    def _render(self, *, everything=False, dimension=None, what="changed", membership=None, item=None, **extra):
        """The fragments this reader sees after a change, read through their own selector."""
        if item is None:
            membership, item, reason = self._current()
            if item is None:
                self._refuse(membership, reason)
                return CLOSE
        with translation.override(self._language()), self._actor(membership):
            context = room_context(membership, item)
            state = context["state"]
            rows = state.rows
            if not everything and dimension is not None:
                rows = [row for row in rows if row.dimension.number == dimension]
            elif not everything and what in ("presence", "shared"):
                rows = []
            token = self._cookies().get(settings.CSRF_COOKIE_NAME)
            context.update(
                rows=rows,
                presence=everything or what in ("presence", "closed", "changed"),
                shared=everything or what in ("shared", "closed"),
                live_message=extra.pop("live_message", "") or self._message(rows, what, dimension),
                csrf_token=token.value if token else "",
                **extra,
            )
            record_reads(state.audited if everything or rows or context["shared"] else [])
            return render_to_string("assessment/_live.html", context)

    @staticmethod
    def _message(rows, what, dimension) -> str:
        if what == "closed":
            return _("The analysis or the meeting was closed.")
        if dimension is not None and rows:
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
        if what == "shared":
            return _("New information was shared with the meeting.")
        return ""

    def _handle(self, content: dict):
        membership, item, reason = self._current()
        if item is None:
            self._refuse(membership, reason)
            return CLOSE
        if not isinstance(content, dict) or str(content.get("item", self.item_pk)) != str(self.item_pk):
            # A message about another agenda item, concern or meeting on this connection.
            self._refuse(membership, "message about another item")
            return self._render(
                membership=membership, item=item, what="error", live_message=_("That message was refused.")
            )
        action = content.get("action")
        data = MultiValueDict({key: value if isinstance(value, list) else [value] for key, value in content.items()})
        number = content.get("dimension")
        try:
            with self._actor(membership), translation.override(self._language()):
                if action == "editing":
                    services.editing(item=item, channel_name=self.channel_name, dimension=number)
                    return None
                if action == "agreed":
                    return self._agreed(membership, item, data, number)
                if action == "own":
                    form = OwnScoreForm(data, prefix=f"o{number}")
                    self._valid(form)
                    status, value = split_score(form.cleaned_data["score"])
                    services.record_own_score(
                        item=item, by=membership, dimension=form.cleaned_data["dimension"], status=status, value=value
                    )
                    return self._render(membership=membership, item=item, dimension=_int(number), sent_form="own")
                if action == "note":
                    form = NoteForm(data, prefix=f"n{number}")
                    self._valid(form)
                    services.add_note(
                        item=item,
                        by=membership,
                        dimension=form.cleaned_data["dimension"],
                        text=form.cleaned_data["text"],
                    )
                    return self._render(membership=membership, item=item, dimension=_int(number), sent_form="note")
        except UserError as error:
            with translation.override(self._language()):
                message = describe(error)
                text = " ".join([message["message"], *message["details"]])
                policy.forget_all(membership)
                return self._render(
                    membership=membership,
                    item=AgendaItem.objects.select_related("meeting", "analysis__concern").get(pk=item.pk),
                    dimension=_int(number),
                    what="error",
                    live_message=text,
                    error_form="agreed" if action == "agreed" else "",
                    error=text,
                )
        self._refuse(membership, f"unknown action {str(action)[:20]!r}")
        return None

    def _agreed(self, membership, item, data, number):
        authorities = Authority.objects.filter(pk__in=item.meeting.participants.values("authority"))
        form = AgreedScoreForm(data, prefix=f"d{number}", authorities=authorities)
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

    @staticmethod
    def _valid(form) -> None:
        if not form.is_valid():
            messages = [
                f"{form.fields[f].label}: {e}" if f in form.fields else e for f, es in form.errors.items() for e in es
            ]
            raise UserError(messages[0], details=messages[1:])


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
