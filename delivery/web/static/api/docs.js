// Start Swagger UI on the API's own description (a file, so the page needs no inline script).
const element = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: element.dataset.description,
  domNode: element,
  deepLinking: true,
  persistAuthorization: false,
});
