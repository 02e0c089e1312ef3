"""The copy strings of a listing (honestlint.text.field): which strings are copy, in what
order, and the visible text a report shows; the engine builds its fields from the same walk."""
from honestlint.text.field import copy_fields, copy_strings, visible_fields
from honestlint.text.tokenize import Tokenizer

LISTING = {
    "id": "a1",
    "bullets": ["first", "", 7, "third"],
    "description": "<p>Soft&amp;warm</p><ul><li>one</li><li>two</li></ul>",
    "title": "Wool scarf",
    "subtitle": "",
    "promotions": [{"text": "Free shipping", "terms": "over $50", "code": "X"}, "not an object",
                   {"terms": "members only"}],
    "reviews": [{"text": "Lovely", "rating": 5}, {"text": ""}],
    "material": "100% wool",
}


def test_copy_strings_in_format_order_skipping_empty_and_non_strings():
    assert [(name, label, path, html) for name, label, path, _, html in copy_strings(LISTING)] == [
        ("title", "title", ("title",), False),
        ("description", "description", ("description",), True),
        ("bullets", "bullets[0]", ("bullets", 0), False),
        ("bullets", "bullets[3]", ("bullets", 3), False),
        ("promotions.text", "promotions[0].text", ("promotions", 0, "text"), False),
        ("promotions.terms", "promotions[0].terms", ("promotions", 0, "terms"), False),
        ("promotions.terms", "promotions[2].terms", ("promotions", 2, "terms"), False),
        ("reviews.text", "reviews[0].text", ("reviews", 0, "text"), False),
    ]
    assert list(copy_strings({"title": ["not", "a string"], "bullets": "nor a list", "reviews": {}})) == []


def test_visible_fields_show_html_as_read():
    fields = {f.label: f for f in visible_fields(LISTING)}
    description = fields["description"]
    assert description.visible == "Soft&warm\none\ntwo"
    assert description.raw == LISTING["description"]
    # Each visible character maps back to where it starts in the HTML as written.
    assert description.raw[description.html_index[0]:].startswith("Soft")
    assert description.raw[description.html_index[4]:].startswith("&amp;")
    assert fields["title"].visible == "Wool scarf" and fields["title"].html_index is None


def test_visible_fields_agree_with_the_engine():
    ours = [(f.name, f.label, f.path, f.raw, f.visible, f.html_index) for f in visible_fields(LISTING)]
    engine = [(f.name, f.label, f.path, f.raw, f.visible, f.html_index) for f in copy_fields(LISTING, Tokenizer())]
    assert ours == engine
