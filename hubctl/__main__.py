"""`python -m hubctl`: the same command as the `hubctl` script."""

from hubctl.cli import main

if __name__ == "__main__":
    main(prog_name="hubctl")
