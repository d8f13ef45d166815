"""Reading: the one owner of the article on screen (`CurrentArticle`), moving through
articles and pages, the views shown in the list, and the commands on an article."""
