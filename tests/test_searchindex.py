"""The search index's finishing touches (guidance/searchindex.py)."""

import json

from guidance import searchindex


def test_keywords_that_say_more_than_the_title_stay_on_the_page_entry_and_shorter_titles_weigh_more(tmp_path):
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({"config": {}, "docs": [
        {"location": "a/", "title": "Care Act 2014", "text": "", "tags": ["care", "care act", "Care Act 2014 s1", "act"]},
        {"location": "a/#status", "title": "Status", "text": "", "tags": ["care"]},
        {"location": "b/", "title": "Care Act 2014 s22: Exception for provision of health services", "text": "",
         "boost": 0.5},
    ]}), encoding="utf-8")
    searchindex.tune(path)
    page, section, longer = json.loads(path.read_text(encoding="utf-8"))["docs"]
    assert page["tags"] == ["care", "Care Act 2014 s1", "act"] and "tags" not in section and "boost" not in section
    assert page["boost"] > 1 and 0.5 < longer["boost"] < 0.5 * page["boost"]


def test_a_missing_index_is_left_alone(tmp_path):
    searchindex.tune(tmp_path / "search_index.json")
    assert not (tmp_path / "search_index.json").exists()
