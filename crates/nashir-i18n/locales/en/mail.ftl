# Mail: an article a reader sends a friend, and the editors' notice of a new
# comment.

mail-friend-subject = { $name } sent you a story: { $title }
mail-friend-intro = { $name } sent you this story from { $site }:
mail-friend-read = Read the full story
mail-friend-note = A note from { $name }:
mail-friend-footer = You received this message because a reader of { $site } entered your address in the “{ article-send }” form. We kept your address only to send it.

mail-comment-subject = New comment awaiting review: { $title }
mail-comment-intro = { $name } commented on “{ $title }”:
mail-comment-review = Review it in the newsroom
