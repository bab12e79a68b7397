# The search page.

search-title = Search
search-description = Search the news and archive of { $site }
search-form = Advanced search
search-for = Search for
search-button = Search
search-section = Section
search-all-sections = All sections
search-from = From
search-to = To
search-sort = Sort by
search-sort-relevance = Most relevant
search-sort-newest = Newest
search-help = Put a phrase in quotation marks to search for it exactly, and a minus sign before a word to leave it out:
search-help-example = "central bank" -dollar
search-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
# Around the suggested query: «Did you mean: …?».
search-did-you-mean = Did you mean:
search-did-you-mean-end = ?
search-pages = Result pages
search-previous = Previous page
search-page = Page { $page }
search-next = Next page
search-no-words = We found no words to search for in your query. Try other words.
search-unavailable = Search is not available right now. Please try again shortly.
# The suggestions under a search box (suggest.js): the list's name, and what a
# screen reader says of how many there are.
search-suggestions = Search suggestions
search-suggestions-count = { $count ->
    [one] One suggestion
   *[other] { $count } suggestions
}
