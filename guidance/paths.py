"""Stable page addresses: one function per kind of page, used by pages, links and the export.

A page's source path (``myths/vat.md``) gives its address (``/myths/vat/``); ids never change,
so neither do addresses.
"""

from __future__ import annotations


def myth(myth_id: str) -> str:
    return f"myths/{myth_id}.md"


def law(key: str) -> str:
    return f"law/{key}.md"


def section(section_id: str) -> str:
    return f"sections/{section_id}.md"


def framework_element(element_id: str) -> str:
    return f"local-framework/{element_id}.md"


FRAMEWORK = "local-framework/index.md"
FRAMEWORK_QUESTIONS = "local-framework/questions.md"
BOARD_PAPER = "local-framework/board-paper.md"
BOARD_PAPER_PDF = "local-framework/board-paper.pdf"
LOCAL_OFFER = "local-offer.md"
def easy_read(page_id: str) -> str:
    return f"easy-read/{page_id}.md"


def easy_read_pdf(page_id: str) -> str:
    return f"easy-read/{page_id}.pdf"


def easy_read_picture(name: str) -> str:
    return f"easy-read/pictures/{name}.svg"


def change(change_id: str) -> str:
    return f"changes/{change_id}.md"


CHANGES = "changes/index.md"


def question(question_id: str) -> str:
    return f"questions/{question_id}.md"


def lesson(list_id: str) -> str:
    return f"lessons/{list_id}.md"


def chart(set_id: str) -> str:
    return f"evidence/charts/{set_id}.svg"


QUESTIONS = "questions/index.md"
LESSONS = "lessons/index.md"
EVIDENCE = "evidence.md"
STORIES = "stories.md"
EASY_READ = "easy-read/index.md"
SOURCES = "sources.md"
LAW_INDEX = "law/index.md"
EXPORT = "api/content.json"


def url_of(path: str) -> str:
    """'myths/vat.md' -> 'myths/vat/'; 'index.md' -> ''; 'law/index.md' -> 'law/'."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


# What templates see as `paths`
ALL = {
    "myth": myth, "law": law, "section": section, "sources": SOURCES, "law_index": LAW_INDEX, "export": EXPORT,
    "framework": FRAMEWORK, "framework_element": framework_element, "framework_questions": FRAMEWORK_QUESTIONS,
    "board_paper": BOARD_PAPER, "board_paper_pdf": BOARD_PAPER_PDF, "local_offer": LOCAL_OFFER,
    "easy_read": easy_read, "easy_read_pdf": easy_read_pdf, "easy_read_picture": easy_read_picture,
    "easy_read_index": EASY_READ, "change": change, "changes": CHANGES,
    "question": question, "questions": QUESTIONS, "lesson": lesson, "lessons": LESSONS, "chart": chart,
    "evidence": EVIDENCE, "stories": STORIES,
}
