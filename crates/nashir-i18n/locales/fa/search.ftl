# The search page.

search-title = جستجو
search-description = جستجو در اخبار و آرشیو { $site }
search-form = جستجوی پیشرفته
search-for = جستجوی
search-button = جستجو
search-section = بخش
search-all-sections = همه بخش‌ها
search-from = از
search-to = تا
search-sort = ترتیب
search-sort-relevance = مرتبط‌ترین
search-sort-newest = جدیدترین
search-help = برای جستجوی دقیق یک عبارت آن را میان گیومه بگذارید، و برای کنار گذاشتن یک واژه پیش از آن علامت منها بگذارید:
search-help-example = "بانک مرکزی" -دلار
search-count = تعداد نتایج: { $count }
# Around the suggested query: «منظورتان این بود: …؟».
search-did-you-mean = منظورتان این بود:
search-did-you-mean-end = ؟
search-pages = صفحه‌های نتایج
search-previous = صفحه قبل
search-page = صفحه { $page }
search-next = صفحه بعد
search-no-words = در عبارت جستجو واژه‌ای برای جستجو نیافتیم. واژه‌های دیگری را امتحان کنید.
search-unavailable = جستجو اکنون در دسترس نیست. کمی بعد دوباره امتحان کنید.
# The suggestions under a search box (suggest.js): the list's name, and what a
# screen reader says of how many there are.
search-suggestions = پیشنهادهای جستجو
search-suggestions-count = { $count ->
    [one] یک پیشنهاد
   *[other] { $count } پیشنهاد
}
