"""What a browser or a proxy may keep of an answer, named once for every actor's views."""

NOT_STORED = {"Cache-Control": "no-store"}  # personal answers: nobody keeps them
PRIVATE_NOT_STORED = {"Cache-Control": "private, no-store"}  # proofs: not even the browser
PRIVATE_REVALIDATED = {"Cache-Control": "private, no-cache"}  # the phone keeps, asks again
