#!/bin/bash
python3 /work/redteam-s33/qs.py "$@"
