"""Demo third-party API for integrated-auth.

Same contract as the original walkthrough's RandomNumber function:
GET or POST /api/RandomNumber, authLevel "function" (key in the
x-functions-key header or ?code=), returns {"value": <int 1..1000>}.
Difference: the response is sent as application/json instead of text/plain.
"""
import json
import logging
import random

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)


@app.function_name(name="RandomNumber")
@app.route(route="RandomNumber", methods=["GET", "POST"])
def random_number(req: func.HttpRequest) -> func.HttpResponse:
    logging.info("RandomNumber invoked via HTTP trigger.")
    return func.HttpResponse(
        json.dumps({"value": random.randint(1, 1000)}),
        status_code=200,
        mimetype="application/json",
    )
