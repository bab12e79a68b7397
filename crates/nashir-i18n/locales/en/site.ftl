# The frame of every reader page (base.html), and what several pages share.

site-skip-link = Skip to content
site-sections = Sections
site-search = Search the site
site-search-field = Search the site
site-search-placeholder = Search…
site-search-button = Search
site-urgent = Breaking
site-about = About the site

# Page names, in the footer and as headings.
latest-title = All news
most-read-title = Most read
corrections-title = Corrections

back-to-article = Back to the story
back-home = Back to the home page

# A list's pages (newer, older).
list-pages = Pages
pager-newer = Newer
pager-older = Older

# This language, named in itself (the language switcher).
language-name = English
