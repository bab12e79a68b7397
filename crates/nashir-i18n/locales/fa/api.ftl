# The API: problem titles (by HTTP status) and details (RFC 9457), in the
# language of the request's Accept-Language.

api-time = { $field }: زمانی در قالب RFC 3339.
api-no-author = نویسنده‌ای با نام کوتاه «{ $slug }» نیست.
api-schedule-at = schedule: زمان را در at بفرستید.
api-no-action = action: کاری به نام «{ $name }» نیست.
api-file = file: تصویری بفرستید.
api-no-edition = ویرایشی با این نام نیست.
api-cursor = cursor: نادرست.
api-bad-request = درخواست نادرست
api-unauthorized = توکن معتبر لازم است
api-forbidden = مجاز نیست
api-not-found = یافت نشد
api-conflict = در این میان تغییر کرد
api-too-large = درخواست بسیار بزرگ است
api-unsupported = نوع محتوا پذیرفته نیست
api-invalid = داده‌های نادرست
api-too-many = درخواست‌های بسیار
api-unavailable = سرویس در دسترس نیست
api-server-error = خطایی در سرور رخ داد
