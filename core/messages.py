"""English texts that keep their parts, so an interface can word them in its own language.

A :class:`Message` is the English text (a ``str``: the CLI prints it, JSON stores it, tests
match it) that also holds the ``template`` it was made from and the ``values`` that fill it;
a value may itself be a Message. The GUI translates the template (the templates are listed
for the translators by ``resources/i18n/make_config_strings.py``) and fills it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Message(str):
    """``template.format(**values)`` as a str, with ``template`` and ``values`` kept."""

    template: str
    values: dict[str, Any]

    def __new__(cls, text: str, template: str = "", values: Mapping[str, Any] | None = None):
        # (text first: copy and deepcopy rebuild a str subclass from its text alone)
        self = super().__new__(cls, text)
        self.template = template or text
        self.values = dict(values or {})
        return self

    @classmethod
    def of(cls, template: str, **values: Any) -> Message:
        """The message ``template`` filled with ``values``."""
        return cls(template.format(**values), template, values)

    @classmethod
    def joined(cls, separator: str, items: list) -> Message:
        """``separator.join(items)`` whose items (Messages among them) stay translatable."""
        places = {f"item{i}": item for i, item in enumerate(items)}
        between = separator.replace("{", "{{").replace("}", "}}")
        template = between.join("{" + name + "}" for name in places)
        return cls(separator.join(map(str, items)), template, places)
