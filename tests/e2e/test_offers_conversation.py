"""Whole conversations about offers through the simulator API: need, place, more, hours."""

from __future__ import annotations

from tests.e2e.conftest import RunningLine
from tests.e2e.test_line import new_number, offers_by_id, say


def serving(need: str) -> set[str]:
    return {oid for oid, data in offers_by_id().items() if need in data["needs"]}


def names(ids: list[str]) -> list[str]:
    catalogue = offers_by_id()
    return [catalogue[oid]["name"] for oid in ids]


def test_need_and_place_in_one_text(line: RunningLine) -> None:
    answer = say(line, "shower near nørreport", new_number())
    (reply,) = answer["replies"]
    assert answer["offers"] and set(answer["offers"]) <= serving("need_shower"), answer
    assert "Nørreport" in reply
    assert "Where are you" not in reply and "Hvor er du" not in reply


def test_need_then_place_then_more_then_hours(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "i need somewhere to sleep tonight", sender)
    (reply,) = first["replies"]
    assert first["offers"] and set(first["offers"]) <= serving("sleep")
    assert "Where are you" in reply or "Hvor er du" in reply  # skippable: the list came anyway

    placed = say(line, "i am on istedgade", sender)
    (reply,) = placed["replies"]
    assert placed["offers"] and set(placed["offers"]) <= serving("sleep")
    assert "Istedgade" in reply
    assert "Where are you" not in reply and "Hvor er du" not in reply

    more = say(line, "more", sender)
    assert more["offers"] and set(more["offers"]) <= serving("sleep")
    assert not set(more["offers"]) & set(placed["offers"])
    assert "Istedgade" not in more["replies"][0] or more["offers"]

    hours = say(line, "is it open now?", sender)
    (reply,) = hours["replies"]
    assert hours["offers"] == more["offers"]
    for name in names(more["offers"]):
        assert name in reply


def test_place_first_is_remembered(line: RunningLine) -> None:
    sender = new_number()
    noted = say(line, "jeg er ved nørreport", sender)
    (reply,) = noted["replies"]
    assert "Nørreport" in reply and noted["offers"] == []

    answer = say(line, "jeg har brug for et bad", sender)
    (reply,) = answer["replies"]
    assert answer["offers"] and set(answer["offers"]) <= serving("need_shower")
    assert "Nørreport" in reply


def test_unconfirmed_hours_say_call_first_with_the_number(line: RunningLine) -> None:
    answer = say(line, "legal help", new_number())
    reply = answer["replies"][-1]  # after the guidance on rights
    assert "den-sociale-retshjaelps-fond" in answer["offers"]
    assert "70 22 93 30" in reply
    assert "call +45 70 22 93 30 first" in reply or "ring +45 70 22 93 30 først" in reply


def test_danish_list_more_and_when_do_they_open(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "jeg skal have et sted at sove i nat", sender)
    assert first["offers"] and set(first["offers"]) <= serving("sleep")
    assert "Hvor er du" in first["replies"][0]

    more = say(line, "mere", sender)
    assert more["offers"] and not set(more["offers"]) & set(first["offers"])

    hours = say(line, "hvornår åbner de?", sender)
    (reply,) = hours["replies"]
    assert hours["offers"] == more["offers"]
    assert reply.startswith("Åbningstider")
    for name in names(more["offers"]):
        assert name in reply


def test_how_to_register_a_cvr_gets_the_steps_and_who_helps(line: RunningLine) -> None:
    answer = say(line, "how do I register a CVR", new_number())
    steps, *rest = answer["replies"]
    assert "MitID" in steps and "50,000" in steps and "Virk" in steps
    assert "erhvervshus-hovedstaden" in answer["offers"]
    assert "30 10 80 80" in rest[-1]


def test_the_same_need_on_signal_gets_the_fuller_guidance(line: RunningLine) -> None:
    sms = say(line, "how do I register a CVR", new_number())
    signal = say(line, "how do I register a CVR", new_number(), channel="signal")
    assert len(signal["replies"][0]) > len(sms["replies"][0]) and "virk.dk" in signal["replies"][0]


def test_suicide_gets_the_crisis_route_and_no_violence_line(line: RunningLine) -> None:
    answer = say(line, "i want to kill myself", new_number())
    text = "\n".join(answer["replies"])
    assert answer["replies"][0].startswith("If you are not safe right now, call 112")
    assert "70 201 201" in text and "1888" not in text
    assert "lev-uden-vold-1888" not in answer["offers"]


def test_hiv_testing_lists_places_that_test_first(line: RunningLine) -> None:
    answer = say(line, "where can I get tested for HIV", new_number())
    assert answer["offers"][0] in {"aidsfondet-checkpoint", "bispebjerg-koensygdomme"}
    assert not {"akuttelefonen-1813", "center-for-seksuelle-overgreb"} & set(answer["offers"])
