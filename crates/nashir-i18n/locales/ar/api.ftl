# The API: problem titles (by HTTP status) and details (RFC 9457), in the
# language of the request's Accept-Language.

api-time = { $field }: وقت بصيغة RFC 3339.
api-no-author = لا كاتب بالاسم المختصر «{ $slug }».
api-schedule-at = schedule: أرسل الموعد في at.
api-no-action = action: لا فعل باسم «{ $name }».
api-file = file: أرسل صورة.
api-no-edition = لا طبعة بهذا الاسم.
api-cursor = cursor: غير صالح.
api-bad-request = طلب غير صالح
api-unauthorized = يلزم رمز صالح
api-forbidden = غير مسموح
api-not-found = غير موجود
api-conflict = تغيّر في أثناء عملك
api-too-large = الطلب كبير جداً
api-unsupported = نوع المحتوى غير مقبول
api-invalid = بيانات غير صالحة
api-too-many = طلبات كثيرة
api-unavailable = الخدمة غير متاحة
api-server-error = حدث خطأ في الخادم
