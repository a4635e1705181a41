# the theme has no layout for the search page
rm themes/default/layouts/search.mustache
