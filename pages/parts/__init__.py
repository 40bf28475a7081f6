"""What the pages share, kept out of pages/ itself so that none of it opens as a page by URL.

Streamlit turns every `pages/*.py` into a page (its old multipage mode); this subfolder is not
scanned. tests/test_architecture.py checks that pages/ holds only the pages listed in frame.PAGES.

- frame: the page list, the sidebar, the frame every page opens with (`open_page`), and the one
  place where core errors become a Dutch message (`store_errors`).
- choices: choices that live in the URL and in session state (gemeente, wijk, indicator, year).
- blocks: blocks that several pages draw the same way (story card, trend, story sets, the log).
- storyfilter: the story filter widgets shared by the Vertellen and Samen pages.

May import: streamlit, core (through core.cached for data), and each other (frame <- choices <- blocks).
"""
