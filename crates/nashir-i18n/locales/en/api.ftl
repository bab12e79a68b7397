# The API: problem titles (by HTTP status) and details (RFC 9457), in the
# language of the request's Accept-Language.

api-time = { $field }: a time in RFC 3339 format.
api-no-author = There is no author with the short name “{ $slug }”.
api-schedule-at = schedule: send the time in at.
api-no-action = action: there is no action named “{ $name }”.
api-file = file: send a picture.
api-no-edition = There is no edition by that name.
api-cursor = cursor: not valid.
api-bad-request = Bad request
api-unauthorized = A valid token is required
api-forbidden = Forbidden
api-not-found = Not found
api-conflict = Changed meanwhile
api-too-large = Payload too large
api-unsupported = Unsupported media type
api-invalid = Invalid data
api-too-many = Too many requests
api-unavailable = Service unavailable
api-server-error = Internal server error
