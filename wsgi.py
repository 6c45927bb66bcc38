from delivery import create_app

app = create_app()
