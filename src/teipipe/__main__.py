from teipipe.cli import main

main()
