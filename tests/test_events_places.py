"""Places from the gazetteer: sentences of our own with the place, kind, country, admin1 and
ACLED geo-precision they must yield, and sentences that must yield no place."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.events.gazetteer import fold
from threadline.events.placedata import rules
from threadline.events.places import COLUMNS, choose_place, city_coordinates, find_places


def places_of(*sentences: str) -> pl.DataFrame:
    frame = pl.DataFrame({"doc_id": ["x"] * len(sentences),
                          "sent_no": list(range(len(sentences))), "sentence": list(sentences)})
    return find_places(frame)


@pytest.mark.parametrize(("sentence", "text", "name", "kind", "country", "admin1", "precision"), [
    ("Militants shelled Idlib province overnight, Syrian media said.", "Idlib", "Idlib",
     "admin1", "Syria", "Idlib", 3),
    ("Two soldiers died near Kandahar in southern Afghanistan.", "Kandahar", "Kandahar",
     "populated place", "Afghanistan", "Kandahar", 2),
    ("A car bomb exploded in Mogadishu, Somalia.", "Mogadishu", "Mogadishu", "populated place",
     "Somalia", "Banaadir", 1),
    ("Rebels seized Goma in North Kivu.", "Goma", "Goma", "populated place",
     "Democratic Republic of Congo", "Nord Kivu", 1),
    ("An airstrike hit Raqqa.", "Raqqa", "Ar Raqqah", "populated place", "Syria", "Ar-Raqqah", 1),
    ("Clashes broke out in Hama.", "Hama", "Hamah", "populated place", "Syria", "Hama", 1),
    ("Artillery struck Kharkiv and Donetsk oblast.", "Donetsk", "Donetsk", "admin1", "Ukraine",
     "Donetsk", 3),
    ("Police fired tear gas at students in Dhaka (Dhaka, Dhaka).", "Dhaka", "Dhaka",
     "populated place", "Bangladesh", "Dhaka Division", 1),
    ("Fighting was reported in the village of Tell Zorbanak in Syria.", "Tell Zorbanak",
     "Tell Zorbanak", "contextual", "Syria", None, 1),
    ("Ministers from Turkey and Iran met in Geneva.", "Turkey", "Turkey", "country", "Turkey",
     None, 3),
    ("Delegates from DR Congo arrived on Sunday.", "DR Congo", "Democratic Republic of Congo",
     "country", "Democratic Republic of Congo", None, 3),
    ("Gunmen attacked a checkpoint in Hit, a town on the Euphrates in Iraq.", "Hit", "Hit",
     "populated place", "Iraq", "Al Anbar", 1),
    ("On 9 May, in Cuauhtemoc municipality, Chihuahua, a man was found dead.", "Cuauhtemoc",
     "Cuauhtemoc", "populated place", "Mexico", "Chihuahua", 1),
])
def test_places_found_with_kind_country_admin1_precision(
        sentence, text, name, kind, country, admin1, precision) -> None:
    found = places_of(sentence).filter(pl.col("text") == text)
    assert found.height >= 1, places_of(sentence)
    row = found.row(0, named=True)
    assert (row["name"], row["kind"], row["country"], row["admin1"], row["geo_precision"]) == (
        name, kind, country, admin1, precision)


@pytest.mark.parametrize("sentence", [
    "The Islamic State of Iraq and the Levant claimed the attack.",
    "Tony Blair and George Bush spoke by phone.",
    "Jordan Peterson criticised the decision.",
    "But the Council met in March and May.",
    "She said the Labor government would act.",
    "Syrian and Iraqi officials met on Monday.",
    "President Bush told reporters that Mr Blair agreed.",
    "Washington Post reporters visited the White House.",
    "The Free Syrian Army and the Arab League condemned the raid.",
])
def test_sentences_without_places(sentence: str) -> None:
    assert places_of(sentence).is_empty(), places_of(sentence)


def test_surname_of_a_person_is_no_place_later_in_the_document() -> None:
    found = places_of("Tony Blair arrived in Basra on Friday.", "Blair later flew home.")
    assert found["text"].to_list() == ["Basra"]


@pytest.mark.parametrize("case", rules()["examples"], ids=lambda c: c["place"])
def test_rule_file_examples(case: dict) -> None:
    assert case["place"] in places_of(case["text"])["text"].to_list()


@pytest.mark.parametrize("case", rules()["counter_examples"], ids=lambda c: c["place"])
def test_rule_file_counter_examples(case: dict) -> None:
    assert case["place"] not in places_of(case["text"])["text"].to_list()


def test_offsets_and_layout() -> None:
    s = "After the raid, shells fell on Deir ez-Zor and on Aleppo's old city."
    found = places_of(s)
    assert list(found.columns) == list(COLUMNS)
    assert [s[p:e] for p, e in found.select("pos", "end").iter_rows()] == found["text"].to_list()
    assert found["text"].to_list() == ["Deir ez-Zor", "Aleppo"]


def test_every_document_and_no_place_frames() -> None:
    empty = find_places(pl.DataFrame(schema={"doc_id": pl.String, "sent_no": pl.Int64,
                                             "sentence": pl.String}))
    assert empty.is_empty() and list(empty.columns) == list(COLUMNS)
    with pytest.raises(ValueError, match="sentence"):
        find_places(pl.DataFrame({"doc_id": ["x"], "text": ["Homs"]}))


def test_document_country_decides_between_namesakes() -> None:
    """"Tripoli" is in Libya and in Lebanon: the document's other places decide."""
    lebanon = places_of("Troops deployed in Beirut.", "Clashes erupted in Tripoli.")
    libya = places_of("Militias fought near Benghazi.", "Clashes erupted in Tripoli.")
    pick = {"lebanon": lebanon, "libya": libya}
    got = {k: f.filter(pl.col("text") == "Tripoli")["country"].to_list() for k, f in pick.items()}
    assert got == {"lebanon": ["Lebanon"], "libya": ["Libya"]}


def test_choose_place_prefers_the_cued_specific_place() -> None:
    found = places_of("In Yemen, on 2 May, fighters shelled Taiz (Taiz, Taiz).")
    assert choose_place(found, by=("doc_id",))["text"].to_list() == ["Taiz"]


@pytest.mark.parametrize(("name", "expected"), [("Ḩamāh", "hamah"), ("Deir ez-Zor", "deir ez zor"),
                                                ("Ma‘arrat al-Nu‘man", "maarrat al numan")])
def test_fold(name: str, expected: str) -> None:
    assert fold(name) == expected


def test_city_coordinates_prefers_the_country() -> None:
    lat, lon = city_coordinates("Tripoli", "Lebanon")
    assert 34 < lat < 35 and 35 < lon < 36
    assert city_coordinates("Nowhere-in-particular-xyz") is None


def test_gazetteer_cache_files_are_written_whole(tmp_path) -> None:
    """A cache file appears only complete (temporary file, then rename), with no leftovers."""
    from threadline.events.gazetteer import _write

    frame = pl.DataFrame({"key": ["hamah", "homs"], "geonameid": [170017, 169577]})
    _write(frame, tmp_path / "names.parquet")
    assert pl.read_parquet(tmp_path / "names.parquet").equals(frame)
    assert [p.name for p in tmp_path.iterdir()] == ["names.parquet"]


def test_gazetteer_cache_folder_follows_the_environment(tmp_path, monkeypatch) -> None:
    from threadline.events import gazetteer

    monkeypatch.setenv("THREADLINE_CACHE_DIR", str(tmp_path))
    assert gazetteer.cache_dir().parent == tmp_path
    assert gazetteer.cache_dir().name.startswith("gazetteer-3.")


@pytest.mark.parametrize(("sentence", "text", "country", "admin1", "cue"), [
    ("A car bomb hit Zawrat, Baghdad, on Sunday.", "Zawrat", "Iraq", "Baghdad",
     "hit, (apposition)"),
    ("Rebels shelled Kandahar, Herat and Qarnibat on Monday.", "Qarnibat", "Afghanistan",
     "Herat", "and (list)"),
])
def test_unknown_names_beside_gazetteer_places(sentence: str, text: str, country: str,
                                               admin1: str, cue: str) -> None:
    """A name the gazetteer lacks in apposition to a town ("X, Baghdad") lies in it; the last
    of a list of places ("A, B and X") is one too."""
    found = places_of(sentence).filter(pl.col("text") == text).row(0, named=True)
    assert (found["kind"], found["country"], found["admin1"], found["cue"]) == (
        "contextual", country, admin1, cue)


@pytest.mark.parametrize("sentence", ["Troops met in Aleppo and Assad praised them.",
                                      "Fighting resumed in Mosul, Kurdish officials said."])
def test_a_name_after_one_place_is_no_list(sentence: str) -> None:
    assert places_of(sentence)["kind"].to_list().count("contextual") == 0


def test_a_world_city_is_not_a_namesake_village_of_the_document_country() -> None:
    """A Russian village known as "Paris" only by an alternate name does not take the French
    capital's name in a story that talks about Russia."""
    found = places_of("Russian officials in Moscow condemned the attack.",
                      "Gunmen attacked a concert hall in Paris.")
    paris = found.filter(pl.col("text") == "Paris").row(0, named=True)
    assert (paris["name"], paris["country"]) == ("Paris", "France")


@pytest.mark.parametrize(("sentence", "texts"), [
    ("Violations of the Minsk agreements continued in eastern Ukraine.", ["Ukraine"]),
    ("The state news agency Sana said rebels shelled Homs.", ["Homs"]),
    ("Delegates met in Geneva for talks.", ["Geneva"]),
])
def test_names_of_agreements_meetings_and_agencies_are_no_places(sentence: str,
                                                                  texts: list[str]) -> None:
    assert places_of(sentence)["text"].to_list() == texts


def test_a_small_place_abroad_by_an_alternate_name_is_no_place() -> None:
    """In a story clearly about Nigeria, "Chileta area" is not Chilete, Peru (an alternate
    name of a village there); the same name in a story about Peru is."""
    nigeria = places_of("Gunmen attacked a village in Kaduna State, Nigeria.",
                        "They later burned huts in Chileta area.")
    peru = places_of("Police clashed with miners in Cajamarca, Peru.",
                     "They later burned huts in Chileta area.")
    assert "Chilete" not in nigeria["name"].to_list()
    assert "Chilete" in peru["name"].to_list()


@pytest.mark.parametrize(("sentence", "name", "country"), [
    ("Soldiers raided a village near Gao on Monday.", "Gao", "Mali"),
    ("Russian missiles struck Kiev on Monday.", "Kiev", "Ukraine"),
    ("Gunmen attacked a market in Salem city, Tamil Nadu.", "Salem", "India"),
])
def test_a_town_bearing_the_name_beats_an_alternate_name_of_a_larger_one(
        sentence: str, name: str, country: str) -> None:
    """"Gao" is also an old name of Guantanamo (Cuba), yet the town named Gao is meant; an
    alternate name wins over a town five times smaller ("Kiev" is Kyiv)."""
    found = places_of(sentence)
    assert found.filter(pl.col("text") == name)["country"].to_list()[:1] == [country]


@pytest.mark.parametrize(("sentence", "text", "country", "located"), [
    ("Missiles hit Damascus International Airport.", "Damascus International Airport",
     "Syria", True),
    ("Protesters filled Tahrir Square in Cairo.", "Tahrir Square", "Egypt", False),
    ("A suicide bomber attacked Bagram Air Base in Afghanistan.", "Bagram Air Base",
     "Afghanistan", False),
])
def test_named_facilities_are_places(sentence: str, text: str, country: str,
                                     located: bool) -> None:
    """A capitalised name ending in a facility word is a place; it lies at the town its first
    word names, never in a country the story does not talk about."""
    row = places_of(sentence).filter(pl.col("text") == text).row(0, named=True)
    assert (row["kind"], row["country"], row["lat"] is not None) == ("contextual", country,
                                                                      located)


@pytest.mark.parametrize(("sentence", "text", "precision"), [
    ("Rebels burned huts in the village of Kafr Zumbul in Syria.", "Kafr Zumbul", 1),
    ("Soldiers shot two men in Wadi Tamra town, Syria.", "Wadi Tamra", 1),
    ("Militias clashed in the Jebel Qurnat area, Syria.", "Jebel Qurnat", 2),
    ("Gunmen raided farms in Tall Harbiya district, Syria.", "Tall Harbiya", 2),
    ("Jets bombed positions near Khirbet Zubla in Syria.", "Khirbet Zubla", 2),
])
def test_contextual_precision_follows_the_cue(sentence: str, text: str, precision: int) -> None:
    """A named settlement the gazetteer lacks is ACLED's precision 1; an area, a district or
    a place the event was only near is 2."""
    found = places_of(sentence).filter(pl.col("text") == text)
    assert found["kind"].to_list() == ["contextual"], places_of(sentence)
    assert found["geo_precision"].to_list() == [precision]


def test_a_sentence_without_a_place_keeps_the_last_place_and_its_precision() -> None:
    """A story's later sentence goes on at the town it named: the town, at its own precision
    (not widened to "near"); with no place before it, the document's country at 3."""
    from threadline.events.locate import from_context

    town = {"name": "Hama", "text": "Hama", "kind": "populated place", "geo_precision": 1}
    assert from_context(town, "Syria")["geo_precision"] == 1
    assert from_context(None, "Syria")["geo_precision"] == 3


@pytest.mark.parametrize(("sentence", "text", "country", "admin1"), [
    ("Gunmen burned huts in Wuro Dadi village (Mayo-Tsanaga, Extreme-Nord).", "Wuro Dadi",
     "Cameroon", "Far North"),
    ("Militia fighters raided the villages of Lumbishi and Nyamuhinga (Walungu, Sud-Kivu).",
     "Lumbishi", "Democratic Republic of Congo", "South Kivu"),
    ("Bandits killed two farmers in Gidan Tudu village (Rafi LGA, Niger).", "Gidan Tudu",
     "Nigeria", "Niger"),
])
def test_the_hint_after_a_contextual_place_gives_its_country_and_admin1(
        sentence: str, text: str, country: str, admin1: str) -> None:
    """A village the gazetteer lacks lies in the province its "(District, Province)" hint
    names, written in French where the country is francophone ("Sud-Kivu")."""
    found = places_of(sentence).filter(pl.col("text") == text)
    assert found.height == 1, places_of(sentence)
    assert found.select("kind", "country", "admin1").row(0) == ("contextual", country, admin1)


@pytest.mark.parametrize(("sentence", "absent", "present"), [
    ("Soldiers shot a man in Tokombere town (Mayo-Sava, Extreme-Nord).", ["Sava", "Mayo"],
     ["Extreme-Nord"]),
    ("Artillery hit the Syria-Turkey border near Kilis.", [], ["Syria", "Turkey", "Kilis"]),
    ("Police stopped buses on the Damascus-Aleppo highway.", [], ["Damascus", "Aleppo"]),
    ("A journalist was shot in Port-au-Prince on Monday.", ["Port", "Prince"],
     ["Port-au-Prince"]),
])
def test_a_part_of_a_hyphened_compound_is_no_place_of_its_own(
        sentence: str, absent: list[str], present: list[str]) -> None:
    texts = places_of(sentence)["text"].to_list()
    assert not set(absent) & set(texts) and set(present) <= set(texts), texts


@pytest.mark.parametrize(("sentence", "text"), [
    ("Workers protested in Kirkuk as the company laid them off.", "Kirkuk"),
    ("Rebels shelled Homs at the start of the truce.", "Homs"),
    ("Fighting raged in Deir ez-Zor overnight.", "Deir ez-Zor"),
])
def test_a_particle_ends_no_name_before_a_lower_case_word(sentence: str, text: str) -> None:
    """"as", "at" are name particles only before a capital ("Ras al-Ayn"): "in X as the
    company ..." names X."""
    assert text in places_of(sentence)["text"].to_list(), places_of(sentence)


def test_a_name_before_villages_of_describes_them() -> None:
    """"the Tiv villages of A and B": A is the village, not the word describing them."""
    texts = places_of("Militias attacked the Kuteb villages of Ananum in Nigeria.")["text"]
    assert "Ananum" in texts.to_list() and "Kuteb" not in texts.to_list()
