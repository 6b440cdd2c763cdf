"""Type every page title of a built site, and its first three words, into the real search box and
print the searches that break the rule in tests/test_browser.py (and how long each search took).

    .venv/bin/python tests/measure_title_search.py site/
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.test_browser import (CHROMIUM, CHROMIUM_ARGS, COUNT_SEARCHES, first_three_words,  # noqa: E402
                                page_titles, serve, small_words, title_failures, typed_search)


def main(site: Path) -> int:
    pages, small = page_titles(site), small_words(site)
    queries = {p.title for p in pages} | {s for p in pages if (s := first_three_words(p.title, small))}
    server, base = serve(site, "/")
    start, results = time.time(), {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_context().new_page()
            page.add_init_script(COUNT_SEARCHES)
            page.goto(base)
            for query in sorted(queries):
                began = time.time()
                results[query] = typed_search(page, base, query)
                print(f"{time.time() - began:5.1f} s  {query}", flush=True)
            browser.close()
    finally:
        server.shutdown()
    failures = title_failures(pages, small, results)
    print("\n".join(failures))
    print(f"{len(failures)} of {len(queries)} searches break the rule ({len(pages)} pages, {time.time() - start:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
