# Error pages: a heading and a sentence per HTTP status.

error-not-found = Page not found
error-not-found-text = We could not find the page you asked for. It may have been removed or its address changed.
error-forbidden = Not allowed
error-forbidden-text = You do not have permission for this request, or the form has expired. Reload the page and try again.
error-conflict = Changed while you worked
error-conflict-text = Someone else saved a newer version since you opened the page. Open it again to see the change.
error-too-many = Too many requests
error-too-many-text = You sent many requests in a short time. Wait a moment, then try again.
error-method = Request not allowed
error-method-text = This page does not accept this kind of request.
error-too-large = Request too large
error-too-large-text = What you sent is larger than the allowed limit.
error-timeout = Request timed out
error-timeout-text = The request took longer than allowed. Please try again.
error-bad-request = Bad request
error-bad-request-text = The request could not be understood. Check the address and try again.
error-server = Server error
error-server-text = Sorry, something unexpected went wrong. Please try again shortly.
