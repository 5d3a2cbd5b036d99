"""Static repository outputs of a built edition: the teiCorpus, a BagIt bag, an OAI-PMH Static
Repository. Each module makes one output from the edition folder or its corpus listing; the
build decides when to call them."""
