"""The two text folds (lygte/text.py): what each keeps and what each drops."""

from __future__ import annotations

from lygte.text import fold_phrase, fold_place_name


def test_fold_phrase_keeps_thai_marks_and_strips_latin_and_cyrillic_ones() -> None:
    assert fold_phrase("ÎN Pericol") == "in pericol"
    assert fold_phrase("ИЗТРИЙ") == "изтрии"
    assert fold_phrase("ข่มขืน") == "ข่มขืน"
    assert fold_phrase("  I’m   16 ") == "i'm 16"


def test_fold_phrase_drops_marks_only_so_ae_and_oe_stay_letters_of_their_own() -> None:
    # The phrase lists are folded the same way, so "år" in a list matches "År" and "ar".
    assert fold_phrase("Jeg er DØV, 15 År, ÆBLE") == "jeg er døv, 15 ar, æble"


def test_fold_place_name_spells_out_the_danish_letters() -> None:
    assert fold_place_name("Nørrebro") == "noerrebro"
    assert fold_place_name("Hovedbanegården") == "hovedbanegaarden"
    assert fold_place_name("Ærø Café") == "aeroe cafe"
