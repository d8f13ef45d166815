"""HTML for the screen: the one sanitiser every piece of HTML passes (`sanitize`), an
article's HTML for the reading pane (`article`) and a Markdown note's (`note`)."""
