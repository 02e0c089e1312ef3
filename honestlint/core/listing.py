"""What a listing is to the rest of the pipeline: its copy fields."""
from __future__ import annotations

COPY_FIELDS = (
    "title", "subtitle", "description", "bullets", "promotions.text", "promotions.terms", "reviews.text",
)
# Seller copy: what a rule reads unless it says otherwise. Review texts are the buyers' words.
SELLER_FIELDS = COPY_FIELDS[:-1]
