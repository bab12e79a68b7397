# The search page.

search-title = البحث
search-description = ابحث في أخبار { $site } وأرشيفه
search-form = بحث متقدم
search-for = ابحث عن
search-button = بحث
search-section = القسم
search-all-sections = كل الأقسام
search-from = من
search-to = إلى
search-sort = الترتيب
search-sort-relevance = الأكثر صلة
search-sort-newest = الأحدث
search-help = ضع العبارة بين علامتي تنصيص للبحث عنها كما هي، وضع علامة الطرح قبل كلمة لاستبعادها:
search-help-example = "البنك المركزي" -الدولار
search-count = عدد النتائج: { $count }
# Around the suggested query: «هل تقصد: …؟».
search-did-you-mean = هل تقصد:
search-did-you-mean-end = ؟
search-pages = صفحات النتائج
search-previous = الصفحة السابقة
search-page = الصفحة { $page }
search-next = الصفحة التالية
search-no-words = لم نجد في عبارة البحث كلمات يمكن البحث عنها. جرّب كلمات أخرى.
search-unavailable = البحث غير متاح حالياً. حاول مرة أخرى بعد قليل.
# The suggestions under a search box (suggest.js): the list's name, and what a
# screen reader says of how many there are.
search-suggestions = اقتراحات البحث
search-suggestions-count = { $count ->
    [one] اقتراح واحد
    [two] اقتراحان
    [few] { $count } اقتراحات
   *[other] { $count } اقتراحًا
}
