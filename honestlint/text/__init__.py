"""Stage 2: the text of a listing as the rules read it. Its copy strings, the visible text of
HTML, normalisation (full width, Traditional, case, zero-width and spacing evasions) with a map
back to the text as written, numerals, word boundaries from a tokenizer per configuration
(jieba's dictionary for Han with the configuration's phrases as words, spaCy's rules for
Latin), and the contexts that cancel a claim (negation, advice, quotation)."""
