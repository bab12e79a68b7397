# The reader's forms under an article (comment, send to a friend), their pages
# and the refusals readers see.

# The field people leave empty (the honeypot), hidden from them.
form-trap = Leave this field empty

# Before the article's headline: «Comment on: …».
comment-form-on = Comment on:
comment-form-page-title = Comment on: { $title }
comment-form-heading = Add comment
# Before the name of the comment answered: «Replying to …:».
comment-form-replying = Replying to
comment-form-help = Comments are published after the editors review them. Your email address is never shown.
comment-form-name = Name
comment-form-email = Email (optional, not published)
comment-form-text = Comment
comment-form-text-help = Plain text, up to { $max ->
        [one] one character
       *[other] { $max } characters
    } and { $links ->
        [one] one link
       *[other] { $links } links
    }.
comment-form-submit = Post comment
comment-done-heading = Thank you for your comment
comment-done-text = Your comment has arrived and awaits the editors' review; it appears under the story once approved.

friend-form-heading = Send to friend
friend-form-unavailable = Sending stories by email is not available on this site at the moment.
friend-form-help = We send your friend the story's headline, summary and link, with your note if you write one. We keep their address for nothing else.
friend-form-name = Your name
friend-form-to = Your friend's email
friend-form-note = A short note (optional)
friend-form-note-help = Plain text, up to { $max ->
        [one] one character
       *[other] { $max } characters
    }, no links.
friend-form-submit = Send the story
friend-done-heading = Story sent
friend-done-text = The story will reach your friend's inbox within minutes.

## Refusals: why a form was not accepted.

form-stale = This form has expired or was not sent from its page. We have reopened it with what you wrote; please send it again.
form-trap-filled = The form could not be accepted: a field that must stay empty was filled in.
form-too-fast = The form was sent faster than people type. Wait a few seconds, then send it again.
name-too-long = The name is longer than { $max ->
        [one] one character
       *[other] { $max } characters
    }.
comment-name-missing = Please write your name.
comment-name-link = A name cannot contain a link.
comment-email-invalid = That email address is not valid. Write it like name@example.com, or leave it empty.
comment-text-missing = Please write your comment.
comment-text-long = The comment is longer than { $max ->
        [one] one character
       *[other] { $max } characters
    }. Please shorten it and send it again.
comment-text-links = The comment has too many links; the limit is { $max ->
        [one] one link
       *[other] { $max } links
    }.
comment-too-many = You have sent many comments in a short time. Wait ten minutes, then try again.
comment-duplicate = We already have this comment; it is awaiting review or published.
comment-reply-missing = The comment you are replying to does not exist.
friend-name-missing = Please write your name so your friend knows who sent the story.
friend-to-invalid = Your friend's email address is not valid. Write one address, like name@example.com.
friend-note-long = The note is longer than { $max ->
        [one] one character
       *[other] { $max } characters
    }.
friend-links = Links are not accepted in the name or the note; the story's link is added on its own.
friend-unavailable = Sending stories by email is not available at the moment.
friend-too-many = Too many messages were sent from your address or to this address. Try again in an hour.
