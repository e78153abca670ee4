"""What a browser would post: the fields of a rendered form with the values it shows."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action_contains: str):
        super().__init__(convert_charrefs=True)
        self.action_contains = action_contains
        self.inside = False
        self.done = False
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False
        self.textarea: str | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            action = attrs.get("action") or ""
            self.inside = self.action_contains in action if self.action_contains else not action
        if not self.inside or not attrs.get("name") and tag not in ("option",):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(attrs["name"], attrs.get("value", "on"))
            elif kind not in ("submit", "button"):
                self._add(attrs["name"], attrs.get("value", ""))
        elif tag == "select":
            self.select, self.first_option, self.selected = attrs["name"], None, False
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self._add(self.select, value)
                self.selected = True
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self._add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.selected and self.first_option is not None:
                self._add(self.select, self.first_option)
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_data(page: str, action_contains: str = "") -> dict[str, list[str]]:
    """The values the first form whose action contains `action_contains` would post as is
    (an empty action posts to the page itself)."""
    reader = _FormReader(action_contains)
    reader.feed(page)
    return reader.data
