"""What a browser would post: the fields of a rendered form with their current values.

Edit tests use this to post an existing object back exactly as the page offers it (every
initial value, hidden fields and formset management forms included), then change only what a
person would change. A test that builds the POST by hand tests what its author remembered."""

from html.parser import HTMLParser

from django.http import QueryDict

TEXT_LIKE = {"text", "hidden", "date", "time", "datetime-local", "email", "url", "number", "tel", "search", "password"}


class _FormParser(HTMLParser):
    def __init__(self, form_index: int):
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.forms_seen = -1
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms_seen += 1
            self.inside = self.forms_seen == self.form_index
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in TEXT_LIKE:
                self.fields.append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio") and "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._option is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._select["options"].append(value)
            if option["selected"]:
                self._select["selected"].append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            self.fields += [(select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that directly follows <textarea>.
            text = self._textarea["text"]
            self.fields.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str | bytes, *, form_index: int = 0) -> QueryDict:
    """The successful controls of the FORM_INDEX-th <form> in HTML, as a mutable QueryDict."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(form_index)
    parser.feed(html)
    data = QueryDict(mutable=True)
    for name, value in parser.fields:
        data.appendlist(name, value)
    return data


def post_data(data: QueryDict) -> dict[str, list[str]]:
    """For the test client, which would keep only the last value of each key of a QueryDict."""
    return dict(data.lists())


def page_form(response, *, action_contains: str) -> QueryDict:
    """The fields of the form on RESPONSE whose action contains ACTION_CONTAINS."""
    html = response.content.decode()
    parser = _ActionFinder()
    parser.feed(html)
    page_path = response.request["PATH_INFO"]
    for index, action in enumerate(parser.actions):
        # action="" (or none) posts to the page itself, as a browser does.
        if action_contains in (action or page_path):
            return form_fields(html, form_index=index)
    raise AssertionError(f"no form with action containing {action_contains!r}: {parser.actions}")


class _ActionFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.actions: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.actions.append(dict(attrs).get("action") or "")
