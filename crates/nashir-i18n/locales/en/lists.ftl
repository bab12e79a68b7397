# The front page, lists (sections, tags, authors, the archive, most read),
# the corrections page, static pages and feeds.

home-empty = No news published yet.
home-latest = Latest news
home-more = More news

list-tag = Tag: { $name }
# $date: the day as the site writes dates.
list-archive-day = Archive: { $date }
list-archive-month = Archive: { $month } { $year }
list-period = Period
list-follow-rss = Follow by RSS
list-empty = No news here yet.

most-read-today = Today
most-read-week = This week
most-read-about-today = The most read stories today on { $site }
most-read-about-week = The most read stories this week on { $site }

corrections-about = What we corrected in our stories after publishing them, and when. Updates that add new information are not listed here.
corrections-description = What we corrected in our stories after publishing them, and when.
corrections-empty = No corrections published.

# Before the date a static page was last changed.
static-page-updated = Last updated:

feed-description = The latest news from { $site }
