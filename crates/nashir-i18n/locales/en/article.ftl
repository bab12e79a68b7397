# The article page (article.html and its parts), its print view, comments,
# live coverage and related stories.

article-print-button = Print this story
article-live = Live
# Before the date: «Last update|Wednesday, January 8, 2025».
article-updated = Last update
# Before the authors' names.
article-by = By
article-authors-separator = {", "}
# Before the outlet's name: «Source / …».
article-source = Source
article-tags = Tags
article-actions = Story tools
article-print = Print
article-send = Send to friend
article-comment = Add comment

article-share = Share this story
article-share-label = Share
share-whatsapp = Share on WhatsApp
share-telegram = Share on Telegram
share-x = Share on X
share-facebook = Share on Facebook
share-mail = Share by email

# Before the count in parentheses.
comments-title = Comments
comments-none = No comments published yet.
comments-closed = Comments are closed on this story.
comment-label = Comment by { $name }
comment-reply = Reply
comment-reply-label = Reply to { $name }

# A box of corrections under the body (the page, print, feeds).
corrections-box = Correction

live-title = Live coverage
live-started = Coverage started
live-ended = Coverage ended
live-newest = Latest updates
live-empty = No updates yet.
live-edited = (edited)
live-older = Older updates

# Said to screen readers when the page fetches new entries (before their count).
live-new = New update
live-new-many = New updates:

related-title = Read more

# The article in the other editions (a list of language names).
article-translations = In other languages
