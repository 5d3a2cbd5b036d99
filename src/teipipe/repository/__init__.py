"""What repositories take from a built edition: the teiCorpus, a BagIt bag, the OAI-PMH Static
Repository, and for the OAI-PMH server the edition's items, their history and their metadata
records. Each module makes one thing from the edition folder or its corpus listing; the build
and the server decide when to call them."""
