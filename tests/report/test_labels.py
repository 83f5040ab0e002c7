"""One translation table: every key in both languages, errors for what is missing."""

import re

import pytest

from sim.errors import InputError
from sim.report.labels import _LABELS, LANGUAGES, all_keys, kpi_label, label


def test_every_label_has_english_and_chinese():
    for key in all_keys():
        texts = [_LABELS[key][LANGUAGES.index(language)] for language in LANGUAGES]
        fields = [set(re.findall(r"{(\w+)}", text)) for text in texts]
        assert fields[0] == fields[1], key  # the same placeholders in both languages
        english, chinese = (label(key, language, **{name: "X" for name in fields[0]})
                            for language in LANGUAGES)
        assert english and chinese and english != chinese
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), key


def test_kpi_keys_of_groups_school_runs_and_bridges_are_composed():
    assert kpi_label("groups.office.lateness_share", "en") == "offices: late for work or school"
    assert kpi_label("groups.office.lateness_share", "zh") == "机关事业单位: 迟到比例"
    assert kpi_label("school_runs.care_mean_min", "zh").startswith("每名儿童")
    assert kpi_label("bridges.8_3>9_3.busiest_hour_pcu", "en").startswith("bridge 8_3>9_3")


def test_unknown_language_and_missing_key_are_errors():
    with pytest.raises(InputError, match="allowed: en, zh"):
        label("delay_pcu_h", "fr")
    with pytest.raises(KeyError, match="no label"):
        label("not_a_key", "en")
