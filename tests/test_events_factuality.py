"""Modality of events: factuality, and what is not an event (seed sentences and our own)."""

from __future__ import annotations

import polars as pl
import pytest
from threadline import extract_events, tag_dates
from threadline.resources import load_yaml
from threadline.schema import DOCUMENTS, conform
from threadline.settings import DEFAULT

KEEP_ALL = DEFAULT.replace(keep_unfactual_events=True)

FACTUALITY = [
    # (sentence, factuality, kept by default?)
    ("The Coalition has never struck the convoy, and has allowed food and water deliveries to "
     "reach the stranded women and children.", "negated", False),
    ("Troops could be deployed to the border region.", "expected", False),
    ("Hezbollah will aim to infiltrate Northern Israel under BM fire cover and capture the "
     "extremities of Panhandle Galilee on the north-south axis.", "expected", False),
    ("A police source told reporters that gunmen attacked a convoy near the border.", "claimed",
     True),
    ("Rebels shelled the airport overnight, the agency reported.", "reported", True),
    ("Special Presidential Envoy to the U.S.-led Global Coalition against ISIS, Bret McGurk "
     "condemned the Regime’s deal with ISIS to evacuate the terrorists to Abu Kamal, Deir "
     "ez-Zor, saying that “ISIS fighters should be killed on the battlefield”.", "asserted",
     True),
    ("Israel announced the completion of Operation Northern Shield on January 13, 2019.",
     "asserted", True),
]

NOT_EVENTS = [
    # (sentence, number of events)
    ("By the time of the strike, the Glasshouse had nevertheless become a symbolic target due "
     "to extensive media coverage.", 0),
    ("Hypothetical Operational Layout of the Hezbollah Assault (T-Intelligence assessment and "
     "visual)", 0),
    ("The TOW (Tube-launched, Optically tracked, Wire-guided) is an American anti-tank "
     "missile.", 0),
    ("Pro-regime media outlets appear to have confirmed the report, suggesting that a Russian "
     "helicopter has been forced to make an emergency landing.", 0),
    ("The pictures then show the use of the TOW missile on Free Syrian Army (FSA) units.", 1),
    ("Battle damage assessment (BDA) of the 20 April 2020 strike shows that Israel bombed nine "
     "underground storage facilities north of Palmyra.", 1),
    ("The Sochi Accord enabled the IRGC-backed Shiite militias to re-deploy part of their "
     "forces from Idlib.", 1),
]


def _events(text: str, settings=DEFAULT) -> pl.DataFrame:
    docs = conform(pl.DataFrame({"doc_id": ["x#1"], "source": ["x.txt"], "start": [0],
                                 "end": [len(text)], "text": [text], "dct": ["2017-09-02"],
                                 "status": ["ok"]}), DOCUMENTS)
    return extract_events(docs, tag_dates(docs), settings)


@pytest.mark.parametrize(("sentence", "factuality", "kept"), FACTUALITY)
def test_factuality_of_real_sentences(sentence: str, factuality: str, kept: bool) -> None:
    assert _events(sentence, KEEP_ALL)["factuality"].to_list() == [factuality]
    assert _events(sentence).height == int(kept)


@pytest.mark.parametrize(("sentence", "n"), NOT_EVENTS)
def test_captions_modifiers_and_back_references_make_no_event(sentence: str, n: int) -> None:
    """Captions, "Tube-launched" and "the strike" (told before, no date) add no event."""
    assert _events(sentence, KEEP_ALL).height == n


PREVENTED = load_yaml("en/events/factuality.yaml")["entries"]


@pytest.mark.parametrize("sentence", [x for e in PREVENTED for x in e["examples"]])
def test_a_prevented_act_is_no_event(sentence: str) -> None:
    """"forbade them from firing": the firing did not happen (resources examples)."""
    ev = _events(sentence, KEEP_ALL)
    assert ev.height >= 1 and set(ev["factuality"]) == {"negated"}
    assert _events(sentence).height == 0


@pytest.mark.parametrize("sentence", [x for e in PREVENTED for x in e["counter_examples"]])
def test_from_after_a_trigger_prevents_nothing(sentence: str) -> None:
    """"fired mortars from the hills" is a shooting (resources counter-examples)."""
    ev = _events(sentence, KEEP_ALL)
    assert ev.height >= 1 and "negated" not in set(ev["factuality"])
